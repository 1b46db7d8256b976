using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>
/// Request metadata reaches the server; response headers, trailers and status come back through
/// <see cref="CallContextFlags.CaptureMetadata"/>; client interceptors run in order, add metadata and observe results.
/// The tester echoes request metadata named <c>echo-*</c> as trailers and <c>header-*</c> as response headers.
/// </summary>
[TestClass]
public sealed class MetadataTests
{
    private static readonly byte[] Binary = [0, 1, 2, 0x7F, 0x80, 0xFE, 0xFF];

    [TestMethod]
    public async Task Ascii_and_binary_request_metadata_reach_the_server()
    {
        await using var host = await TesterHost.StartAsync();
        var context = Capture(new Metadata { { "x-trace", "trace-42" }, { "echo-text", "hello world" }, { "echo-data-bin", Binary } });

        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "metadata" }, context);

        Assert.AreEqual("trace-42", reply.Trace);
        Assert.AreEqual("hello world", context.ResponseTrailers.GetValue("echo-text"));
        // The server decoded the -bin header to bytes and sent them back as a -bin trailer; the client decoded that.
        CollectionAssert.AreEqual(Binary, context.ResponseTrailers.GetValueBytes("echo-data-bin"));
    }

    [TestMethod]
    public async Task Unary_call_captures_response_headers_trailers_and_status()
    {
        await using var host = await TesterHost.StartAsync();
        var context = Capture(new Metadata { { "header-served-by", "tester" }, { "header-blob-bin", Binary }, { "echo-done", "yes" } });
        Assert.IsNull(context.ResponseStatus);

        await host.Client.UnaryAsync(new TestRequest { Text = "capture" }, context);

        var headers = await context.ResponseHeadersAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual("tester", headers.GetValue("header-served-by"));
        CollectionAssert.AreEqual(Binary, headers.GetValueBytes("header-blob-bin"));
        // Protocol headers are not metadata.
        Assert.IsFalse(headers.Any(e => e.Key is "content-type" or "grpc-encoding" or "grpc-accept-encoding" or "date" or "server"),
            string.Join(", ", headers));
        Assert.AreEqual("yes", context.ResponseTrailers.GetValue("echo-done"));
        Assert.IsFalse(context.ResponseTrailers.Any(e => e.Key.StartsWith("grpc-", StringComparison.Ordinal)), string.Join(", ", context.ResponseTrailers));
        Assert.AreEqual(StatusCode.OK, context.ResponseStatus?.StatusCode);
    }

    [TestMethod]
    public async Task Server_streaming_response_headers_arrive_before_the_stream_ends()
    {
        await using var host = await TesterHost.StartAsync();
        var context = Capture(new Metadata { { "header-stream", "open" }, { "echo-stream", "closed" } });
        await using var replies = host.Client.ServerStreamAsync(new TestRequest { Text = "stream headers", Count = 2, DelayMilliseconds = 300 }, context)
            .GetAsyncEnumerator();

        Assert.IsTrue(await replies.MoveNextAsync());
        var headers = await context.ResponseHeadersAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual("open", headers.GetValue("header-stream"));
        Assert.IsNull(context.ResponseStatus, "The call has not ended yet.");
        Assert.AreEqual(0, context.ResponseTrailers.Count);

        Assert.IsTrue(await replies.MoveNextAsync());
        Assert.IsFalse(await replies.MoveNextAsync());
        Assert.AreEqual(StatusCode.OK, context.ResponseStatus?.StatusCode);
        Assert.AreEqual("closed", context.ResponseTrailers.GetValue("echo-stream"));
    }

    [TestMethod]
    public async Task Client_streaming_and_duplex_calls_capture_headers_trailers_and_status()
    {
        await using var host = await TesterHost.StartAsync();
        var metadata = new Metadata { { "header-shape", "streaming" }, { "echo-shape", "streaming" } };

        var clientStreaming = Capture(metadata);
        await host.Client.ClientStreamAsync(CallShapeTests.Requests("a", "b"), clientStreaming);
        var duplex = Capture(metadata);
        await host.Client.DuplexAsync(CallShapeTests.Requests("a", "b"), duplex).ToListAsync();

        foreach (var context in new[] { clientStreaming, duplex })
        {
            Assert.AreEqual("streaming", (await context.ResponseHeadersAsync().WaitAsync(TimeSpan.FromSeconds(10))).GetValue("header-shape"));
            Assert.AreEqual("streaming", context.ResponseTrailers.GetValue("echo-shape"));
            Assert.AreEqual(StatusCode.OK, context.ResponseStatus?.StatusCode);
        }
    }

    [TestMethod]
    public async Task Failed_call_captures_its_status_and_trailers_and_empty_headers()
    {
        await using var host = await TesterHost.StartAsync();
        var context = Capture(new Metadata { { "echo-why", "asked" } });

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "fail", FailWith = StatusCode.NotFound }, context).AsTask());

        Assert.AreEqual(StatusCode.NotFound, e.StatusCode);
        Assert.AreEqual("asked", e.Trailers.GetValue("echo-why"));
        Assert.AreEqual(StatusCode.NotFound, context.ResponseStatus?.StatusCode);
        Assert.AreEqual(e.Status.Detail, context.ResponseStatus?.Detail);
        Assert.AreEqual("asked", context.ResponseTrailers.GetValue("echo-why"));
        // A trailers-only response has no headers of its own: the task completes, empty.
        Assert.AreEqual(0, (await context.ResponseHeadersAsync().WaitAsync(TimeSpan.FromSeconds(10))).Count);
    }

    [TestMethod]
    public async Task Server_streaming_failure_after_messages_captures_headers_and_trailers()
    {
        await using var host = await TesterHost.StartAsync();
        var context = Capture(new Metadata { { "header-x", "1" }, { "echo-y", "2" } });
        var received = new List<TestReply>();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
        {
            await foreach (var reply in host.Client.ServerStreamAsync(new TestRequest { Text = "late failure", Count = 5, FailAfter = 2, FailWith = StatusCode.Aborted }, context))
            {
                received.Add(reply);
            }
        });

        Assert.AreEqual(2, received.Count);
        Assert.AreEqual(StatusCode.Aborted, e.StatusCode);
        Assert.AreEqual("2", e.Trailers.GetValue("echo-y"));
        Assert.AreEqual("1", (await context.ResponseHeadersAsync().WaitAsync(TimeSpan.FromSeconds(10))).GetValue("header-x"));
        Assert.AreEqual(StatusCode.Aborted, context.ResponseStatus?.StatusCode);
        Assert.AreEqual("2", context.ResponseTrailers.GetValue("echo-y"));
    }

    [TestMethod]
    public async Task Response_metadata_is_only_readable_when_captured()
    {
        await using var host = await TesterHost.StartAsync();
        CallContext context = new CallOptions();

        await host.Client.UnaryAsync(new TestRequest { Text = "not captured" }, context);

        Assert.ThrowsExactly<InvalidOperationException>(() => context.ResponseHeadersAsync());
        Assert.ThrowsExactly<InvalidOperationException>(() => context.ResponseTrailers);
        Assert.IsNull(context.ResponseStatus);
    }

    [TestMethod]
    public async Task Reserved_headers_in_user_metadata_are_ignored_rather_than_sent_twice()
    {
        await using var host = await TesterHost.StartAsync();
        var options = new CallOptions
        {
            Deadline = DateTime.UtcNow.AddSeconds(30),
            Compression = "gzip",
            Headers = new Metadata
            {
                { "grpc-timeout", "1n" },
                { "grpc-encoding", "identity" },
                { "grpc-accept-encoding", "identity" },
                { "content-type", "text/plain" },
                { "te", "gzip" },
            },
        };

        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "reserved", ResponseSize = 100_000, CompressResponse = true }, options);

        // One grpc-timeout (the deadline's, not "1n" nor both joined), one grpc-encoding (the call's compression).
        Assert.IsTrue(reply.Timeout.EndsWith('m') || reply.Timeout.EndsWith('u') || reply.Timeout.EndsWith('S'), reply.Timeout);
        Assert.IsFalse(reply.Timeout.Contains(','), reply.Timeout);
        Assert.AreEqual("gzip", reply.Encoding);
        // The user's grpc-accept-encoding did not stop the client accepting the gzip response it decoded.
        Assert.AreEqual(100_000, reply.Payload.Length);
    }

    [TestMethod]
    public async Task Interceptors_run_in_registration_order_for_every_call_shape()
    {
        var log = new ConcurrentQueue<string>();
        var options = new GrpcChannelOptions();
        options.Interceptors.Add(new RecordingInterceptor("outer", log));
        options.Interceptors.Add(new RecordingInterceptor("inner", log));
        await using var host = await TesterHost.StartAsync(options);
        string[] Expected(string shape) => [$"outer {shape} >", $"inner {shape} >", $"inner {shape} < OK", $"outer {shape} < OK"];

        var unary = await host.Client.UnaryAsync(new TestRequest { Text = "u" });
        CollectionAssert.AreEqual(Expected("unary"), Drain(log));
        var serverStreaming = await host.Client.ServerStreamAsync(new TestRequest { Text = "s", Count = 2 }).ToListAsync();
        CollectionAssert.AreEqual(Expected("server-streaming"), Drain(log));
        var clientStreaming = await host.Client.ClientStreamAsync(CallShapeTests.Requests("c"));
        CollectionAssert.AreEqual(Expected("client-streaming"), Drain(log));
        var duplex = await host.Client.DuplexAsync(CallShapeTests.Requests("d")).ToListAsync();
        CollectionAssert.AreEqual(Expected("duplex"), Drain(log));

        // Each interceptor added its own header; the server saw both, for every shape.
        foreach (var reply in new[] { unary, serverStreaming[0], clientStreaming, duplex[0] })
        {
            Assert.AreEqual("outer,inner", reply.Trace);
        }
    }

    [TestMethod]
    public async Task Interceptor_sees_the_response_headers_trailers_and_status_after_next()
    {
        var observer = new ObservingInterceptor();
        var options = new GrpcChannelOptions();
        options.Interceptors.Add(observer);
        await using var host = await TesterHost.StartAsync(options);
        var metadata = new Metadata { { "header-h", "head" }, { "echo-t", "tail" } };

        await host.Client.UnaryAsync(new TestRequest { Text = "observed" }, new CallOptions { Headers = metadata });
        AssertObserved("unary");
        await host.Client.ServerStreamAsync(new TestRequest { Text = "observed", Count = 3 }, new CallOptions { Headers = metadata }).ToListAsync();
        AssertObserved("server-streaming");
        await host.Client.ClientStreamAsync(CallShapeTests.Requests("observed"), new CallOptions { Headers = metadata });
        AssertObserved("client-streaming");
        await host.Client.DuplexAsync(CallShapeTests.Requests("observed"), new CallOptions { Headers = metadata }).ToListAsync();
        AssertObserved("duplex");

        void AssertObserved(string shape)
        {
            var seen = observer.Last!;
            Assert.AreEqual(shape, seen.Shape);
            Assert.IsNull(seen.Exception, shape);
            Assert.AreEqual(StatusCode.OK, seen.Status?.StatusCode, shape);
            Assert.AreEqual("head", seen.Headers?.GetValue("header-h"), shape);
            Assert.AreEqual("tail", seen.Trailers?.GetValue("echo-t"), shape);
        }
    }

    [TestMethod]
    public async Task Interceptor_observes_the_exception_status_and_trailers_of_a_failed_call()
    {
        var observer = new ObservingInterceptor();
        var options = new GrpcChannelOptions();
        options.Interceptors.Add(observer);
        await using var host = await TesterHost.StartAsync(options);
        var metadata = new Metadata { { "echo-t", "tail" } };

        var unary = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "bad", FailWith = StatusCode.InvalidArgument }, new CallOptions { Headers = metadata }).AsTask());
        AssertObserved("unary", unary, StatusCode.InvalidArgument);

        var streaming = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.ServerStreamAsync(new TestRequest { Text = "bad", Count = 3, FailAfter = 1, FailWith = StatusCode.DataLoss }, new CallOptions { Headers = metadata })
                .ToListAsync().AsTask());
        AssertObserved("server-streaming", streaming, StatusCode.DataLoss);

        void AssertObserved(string shape, RpcException thrown, StatusCode code)
        {
            var seen = observer.Last!;
            Assert.AreEqual(shape, seen.Shape);
            Assert.AreSame(thrown, seen.Exception, "The interceptor saw the exception the caller got.");
            Assert.AreEqual(code, seen.Status?.StatusCode);
            Assert.AreEqual("tail", seen.Trailers?.GetValue("echo-t"));
        }
    }

    [TestMethod]
    public async Task Interceptor_can_set_the_deadline_and_short_circuit()
    {
        var options = new GrpcChannelOptions();
        options.Interceptors.Add(new DeadlineInterceptor(TimeSpan.FromSeconds(30)));
        options.Interceptors.Add(new ShortCircuitInterceptor("cached"));
        await using var host = await TesterHost.StartAsync(options);

        var live = await host.Client.UnaryAsync(new TestRequest { Text = "live" });
        var cached = await host.Client.UnaryAsync(new TestRequest { Text = "cached" });

        Assert.AreNotEqual("", live.Timeout, "The deadline the interceptor set was sent as grpc-timeout.");
        Assert.AreEqual("from cache", cached.Server);
        Assert.AreEqual(0, host.Service.Calls("cached"), "The short-circuited call never reached the server.");
        Assert.AreEqual(1, host.Service.Calls("live"));
    }

    private static CallContext Capture(Metadata headers) =>
        new(new CallOptions { Headers = headers, Deadline = DateTime.UtcNow.AddSeconds(30) }, CallContextFlags.CaptureMetadata);

    private static string[] Drain(ConcurrentQueue<string> log)
    {
        var items = new List<string>();
        while (log.TryDequeue(out var item))
        {
            items.Add(item);
        }
        return [.. items];
    }

    /// <summary>Logs entry and completion of every shape, and appends its name to the x-trace header.</summary>
    private sealed class RecordingInterceptor(string name, ConcurrentQueue<string> log) : ClientInterceptor
    {
        public override async ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ClientCallContext context, UnaryClientMethod<TRequest, TResponse> next)
        {
            Enter("unary", context);
            var response = await next(request, context);
            Exit("unary", context);
            return response;
        }

        public override IAsyncEnumerable<TResponse> ServerStreaming<TRequest, TResponse>(TRequest request, ClientCallContext context, ServerStreamingClientMethod<TRequest, TResponse> next)
        {
            Enter("server-streaming", context);
            return Observe("server-streaming", next(request, context), context);
        }

        public override async ValueTask<TResponse> ClientStreamingAsync<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ClientCallContext context, ClientStreamingClientMethod<TRequest, TResponse> next)
        {
            Enter("client-streaming", context);
            var response = await next(requests, context);
            Exit("client-streaming", context);
            return response;
        }

        public override IAsyncEnumerable<TResponse> DuplexStreaming<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ClientCallContext context, DuplexStreamingClientMethod<TRequest, TResponse> next)
        {
            Enter("duplex", context);
            return Observe("duplex", next(requests, context), context);
        }

        private void Enter(string shape, ClientCallContext context)
        {
            log.Enqueue($"{name} {shape} >");
            var trace = context.RequestHeaders.Get("x-trace");
            if (trace is not null)
            {
                context.RequestHeaders.Remove(trace);
            }
            context.RequestHeaders.Add("x-trace", trace is null ? name : $"{trace.Value},{name}");
        }

        private void Exit(string shape, ClientCallContext context) => log.Enqueue($"{name} {shape} < {context.Status?.StatusCode}");

        private async IAsyncEnumerable<T> Observe<T>(string shape, IAsyncEnumerable<T> responses, ClientCallContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var response in responses.WithCancellation(cancellationToken))
            {
                yield return response;
            }
            Exit(shape, context);
        }
    }

    private sealed record Observation(string Shape, Exception? Exception, Status? Status, Metadata? Headers, Metadata? Trailers);

    /// <summary>Records what the context says once <c>next</c> has completed or thrown.</summary>
    private sealed class ObservingInterceptor : ClientInterceptor
    {
        public Observation? Last { get; private set; }

        public override async ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ClientCallContext context, UnaryClientMethod<TRequest, TResponse> next)
        {
            try
            {
                var response = await next(request, context);
                Record("unary", context, null);
                return response;
            }
            catch (Exception e)
            {
                Record("unary", context, e);
                throw;
            }
        }

        public override IAsyncEnumerable<TResponse> ServerStreaming<TRequest, TResponse>(TRequest request, ClientCallContext context, ServerStreamingClientMethod<TRequest, TResponse> next) =>
            Observe("server-streaming", next(request, context), context);

        public override async ValueTask<TResponse> ClientStreamingAsync<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ClientCallContext context, ClientStreamingClientMethod<TRequest, TResponse> next)
        {
            try
            {
                var response = await next(requests, context);
                Record("client-streaming", context, null);
                return response;
            }
            catch (Exception e)
            {
                Record("client-streaming", context, e);
                throw;
            }
        }

        public override IAsyncEnumerable<TResponse> DuplexStreaming<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ClientCallContext context, DuplexStreamingClientMethod<TRequest, TResponse> next) =>
            Observe("duplex", next(requests, context), context);

        private async IAsyncEnumerable<T> Observe<T>(string shape, IAsyncEnumerable<T> responses, ClientCallContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await using var enumerator = responses.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception e)
                {
                    Record(shape, context, e);
                    throw;
                }
                yield return enumerator.Current;
            }
            Record(shape, context, null);
        }

        private void Record(string shape, ClientCallContext context, Exception? exception) =>
            Last = new Observation(shape, exception, context.Status, context.ResponseHeaders, context.ResponseTrailers);
    }

    private sealed class DeadlineInterceptor(TimeSpan timeout) : ClientInterceptor
    {
        public override ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ClientCallContext context, UnaryClientMethod<TRequest, TResponse> next)
        {
            context.Deadline ??= DateTime.UtcNow + timeout;
            return next(request, context);
        }
    }

    /// <summary>Answers requests whose text is <paramref name="text"/> itself, without calling the server.</summary>
    private sealed class ShortCircuitInterceptor(string text) : ClientInterceptor
    {
        public override ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ClientCallContext context, UnaryClientMethod<TRequest, TResponse> next) =>
            request is TestRequest { Text: var requested } && requested == text
                ? ValueTask.FromResult((TResponse)(object)new TestReply { Text = text, Server = "from cache" })
                : next(request, context);
    }
}
