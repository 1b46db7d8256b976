using System.Net;
using System.Net.Sockets;
using CodeFirst.Grpc.ErrorDetails;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>
/// Every way a call fails reaches the caller as an <see cref="RpcException"/> with the right status (or, for a
/// request stream that throws, as that exception): server errors with rich details, transport failures, limits.
/// </summary>
[TestClass]
public sealed class ErrorTests
{
    private static CallOptions Bounded => new() { Deadline = DateTime.UtcNow.AddSeconds(20) };

    [TestMethod]
    public async Task Server_error_arrives_with_its_code_message_and_rich_details()
    {
        await using var host = await TesterHost.StartAsync();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "details", FailWith = StatusCode.FailedPrecondition }, Bounded).AsTask());

        Assert.AreEqual(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.AreEqual("failed as asked (attempt 1)", e.Status.Detail);
        var info = e.GetDetail<ErrorInfo>();
        Assert.IsNotNull(info);
        Assert.AreEqual("ASKED", info.Reason);
        Assert.AreEqual("client.test.v1", info.Domain);
        Assert.AreEqual("1", info.Metadata["attempt"]);
        var badRequest = e.GetDetail<BadRequest>();
        Assert.IsNotNull(badRequest);
        Assert.AreEqual("fail_with", badRequest.FieldViolations.Single().Field);
        Assert.AreEqual("asked to fail", badRequest.FieldViolations.Single().Description);
        Assert.IsFalse(e.Trailers.Any(t => t.Key.StartsWith("grpc-", StringComparison.Ordinal)), "The status trailers are not metadata.");
    }

    [TestMethod]
    public async Task Server_error_after_streamed_messages_arrives_with_its_details()
    {
        await using var host = await TesterHost.StartAsync();
        var received = new List<int>();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
        {
            await foreach (var reply in host.Client.ServerStreamAsync(new TestRequest { Text = "stream details", Count = 4, FailAfter = 3, FailWith = StatusCode.OutOfRange }, Bounded))
            {
                received.Add(reply.Index);
            }
        });

        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, received);
        Assert.AreEqual(StatusCode.OutOfRange, e.StatusCode);
        Assert.AreEqual("ASKED", e.GetDetail<ErrorInfo>()?.Reason);
        Assert.AreEqual("fail_with", e.GetDetail<BadRequest>()?.FieldViolations.Single().Field);
    }

    [TestMethod]
    public async Task Client_streaming_and_duplex_errors_arrive_with_their_details()
    {
        await using var host = await TesterHost.StartAsync();
        TestRequest Failing(string text) => new() { Text = text, FailWith = StatusCode.PermissionDenied };

        var clientStreaming = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.ClientStreamAsync(Stream(Failing("client stream")), Bounded));
        var duplex = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.DuplexAsync(Stream(Failing("duplex")), Bounded).ToListAsync().AsTask());

        foreach (var e in new[] { clientStreaming, duplex })
        {
            Assert.AreEqual(StatusCode.PermissionDenied, e.StatusCode);
            Assert.AreEqual("ASKED", e.GetDetail<ErrorInfo>()?.Reason);
        }
    }

    [TestMethod]
    [DataRow("naïve café: 100% ✓")]
    [DataRow("日本語のメッセージ")]
    [DataRow("line one\nline two\ttabbed")]
    [DataRow("%41 is not A, %%, %zz, trailing %")]
    [DataRow("emoji 🚀 and\u0000nul")]
    public async Task Status_message_with_non_ASCII_and_percent_characters_round_trips(string message)
    {
        await using var host = await TesterHost.StartAsync();

        var unary = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "message", FailWith = StatusCode.Internal, FailMessage = message }, Bounded).AsTask());
        var streamed = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.ServerStreamAsync(new TestRequest { Text = "message", Count = 2, FailAfter = 1, FailWith = StatusCode.Internal, FailMessage = message }, Bounded)
                .ToListAsync().AsTask());

        Assert.AreEqual(message, unary.Status.Detail, "in trailers-only headers");
        Assert.AreEqual(message, streamed.Status.Detail, "in trailers");
    }

    [TestMethod]
    public async Task Unexpected_server_exception_is_UNKNOWN_without_its_message()
    {
        await using var host = await TesterHost.StartAsync();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "throws", ThrowMessage = "secret internals" }, Bounded).AsTask());

        Assert.AreEqual(StatusCode.Unknown, e.StatusCode);
        Assert.IsFalse(e.Status.Detail.Contains("secret internals"), e.Status.Detail);
        Assert.AreEqual(0, e.Details.Count);
    }

    [TestMethod]
    public async Task Unexpected_server_exception_message_is_sent_with_detailed_errors()
    {
        await using var host = await TesterHost.StartAsync(server: options => options.EnableDetailedErrors = true);

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "throws", ThrowMessage = "the details" }, Bounded).AsTask());

        Assert.AreEqual(StatusCode.Unknown, e.StatusCode);
        StringAssert.Contains(e.Status.Detail, "the details");
    }

    [TestMethod]
    public async Task Service_the_server_does_not_map_is_UNIMPLEMENTED()
    {
        await using var host = await TesterHost.StartAsync();
        var missing = host.Channel.CreateGrpcService<IMissingService>();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() => missing.AnythingAsync(new TestRequest(), Bounded).AsTask());

        Assert.AreEqual(StatusCode.Unimplemented, e.StatusCode);
    }

    [TestMethod]
    public async Task Method_the_server_does_not_have_is_UNIMPLEMENTED_for_every_shape()
    {
        await using var host = await TesterHost.StartAsync();
        var newer = host.Channel.CreateGrpcService<ITesterV2>();

        var calls = new Func<Task>[]
        {
            () => newer.NewUnaryAsync(new TestRequest(), Bounded).AsTask(),
            () => newer.NewServerStreamAsync(new TestRequest(), Bounded).ToListAsync().AsTask(),
            () => newer.NewClientStreamAsync(CallShapeTests.Requests("a"), Bounded),
            () => newer.NewDuplexAsync(CallShapeTests.Requests("a"), Bounded).ToListAsync().AsTask(),
        };
        foreach (var call in calls)
        {
            var e = await Assert.ThrowsExactlyAsync<RpcException>(call);
            Assert.AreEqual(StatusCode.Unimplemented, e.StatusCode);
        }
        // The methods both sides know still work through the newer interface.
        Assert.AreEqual("old", (await newer.UnaryAsync(new TestRequest { Text = "old" }, Bounded)).Text);
    }

    [TestMethod]
    public async Task Connection_refused_is_UNAVAILABLE()
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ClosedPort()}");
        var client = channel.CreateGrpcService<ITester>();

        var unary = await Assert.ThrowsExactlyAsync<RpcException>(() => client.UnaryAsync(new TestRequest(), Bounded).AsTask());
        var streaming = await Assert.ThrowsExactlyAsync<RpcException>(() => client.DuplexAsync(CallShapeTests.Requests("a"), Bounded).ToListAsync().AsTask());

        Assert.AreEqual(StatusCode.Unavailable, unary.StatusCode, unary.Status.Detail);
        Assert.AreEqual(StatusCode.Unavailable, streaming.StatusCode, streaming.Status.Detail);
    }

    [TestMethod]
    public async Task Request_stream_that_throws_fails_the_call_with_that_exception()
    {
        await using var host = await TesterHost.StartAsync();
        var thrown = new InvalidOperationException("the request stream broke");

        var clientStreaming = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() =>
            host.Client.ClientStreamAsync(Throwing(thrown, afterCount: 2), Bounded));
        var duplex = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() =>
            host.Client.DuplexAsync(Throwing(thrown, afterCount: 1), Bounded).ToListAsync().AsTask());
        var immediately = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() =>
            host.Client.ClientStreamAsync(Throwing(thrown, afterCount: 0), Bounded));

        Assert.AreSame(thrown, clientStreaming);
        Assert.AreSame(thrown, duplex);
        Assert.AreSame(thrown, immediately);
    }

    [TestMethod]
    public async Task Request_stream_that_throws_records_a_CANCELLED_status()
    {
        await using var host = await TesterHost.StartAsync();
        var context = new CallContext(Bounded, CallContextFlags.CaptureMetadata);

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() =>
            host.Client.ClientStreamAsync(Throwing(new InvalidOperationException("broke"), afterCount: 1), context));

        Assert.AreEqual(StatusCode.Cancelled, context.ResponseStatus?.StatusCode);
    }

    [TestMethod]
    public async Task Response_larger_than_MaxReceiveMessageSize_is_RESOURCE_EXHAUSTED()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { MaxReceiveMessageSize = 10_000 });

        var fits = await host.Client.UnaryAsync(new TestRequest { Text = "fits", ResponseSize = 9_000 }, Bounded);
        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "too large", ResponseSize = 20_000 }, Bounded).AsTask());

        Assert.AreEqual(9_000, fits.Payload.Length);
        Assert.AreEqual(StatusCode.ResourceExhausted, e.StatusCode);
    }

    [TestMethod]
    public async Task Compressed_response_larger_than_MaxReceiveMessageSize_once_decompressed_is_RESOURCE_EXHAUSTED()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { MaxReceiveMessageSize = 10_000 });

        // A megabyte of zeros is a few kilobytes of gzip: only the decompressed size exceeds the limit.
        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "zip bomb", ResponseSize = 1_000_000, CompressResponse = true }, Bounded).AsTask());

        Assert.AreEqual(StatusCode.ResourceExhausted, e.StatusCode);
    }

    [TestMethod]
    public async Task Streamed_response_larger_than_MaxReceiveMessageSize_fails_after_the_messages_that_fit()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { MaxReceiveMessageSize = 10_000 });
        var context = new CallContext(Bounded, CallContextFlags.CaptureMetadata);

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.ServerStreamAsync(new TestRequest { Text = "large stream", Count = 2, ResponseSize = 20_000 }, context).ToListAsync().AsTask());

        Assert.AreEqual(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.AreEqual(StatusCode.ResourceExhausted, context.ResponseStatus?.StatusCode);
    }

    [TestMethod]
    public async Task Request_larger_than_MaxSendMessageSize_is_RESOURCE_EXHAUSTED_without_calling_the_server()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { MaxSendMessageSize = 10_000 });

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "too large", Payload = new byte[20_000] }, Bounded).AsTask());
        var streaming = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.ServerStreamAsync(new TestRequest { Text = "too large", Payload = new byte[20_000], Count = 1 }, Bounded).ToListAsync().AsTask());

        Assert.AreEqual(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.AreEqual(StatusCode.ResourceExhausted, streaming.StatusCode);
        Assert.AreEqual(0, host.Service.TotalCalls);
        Assert.AreEqual("fits", (await host.Client.UnaryAsync(new TestRequest { Text = "fits", Payload = new byte[9_000] }, Bounded)).Text);
    }

    [TestMethod]
    public async Task Streamed_request_larger_than_MaxSendMessageSize_is_RESOURCE_EXHAUSTED()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { MaxSendMessageSize = 10_000 });
        var context = new CallContext(Bounded, CallContextFlags.CaptureMetadata);

        var clientStreaming = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.ClientStreamAsync(
            Stream(new TestRequest { Text = "small" }, new TestRequest { Text = "large", Payload = new byte[20_000] }), context));
        var duplex = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.DuplexAsync(
            Stream(new TestRequest { Text = "large", Payload = new byte[20_000] }), Bounded).ToListAsync().AsTask());

        Assert.AreEqual(StatusCode.ResourceExhausted, clientStreaming.StatusCode, clientStreaming.Status.Detail);
        Assert.AreEqual(StatusCode.ResourceExhausted, context.ResponseStatus?.StatusCode);
        Assert.AreEqual(StatusCode.ResourceExhausted, duplex.StatusCode, duplex.Status.Detail);
    }

    [TestMethod]
    public async Task Streamed_request_larger_than_MaxSendMessageSize_after_the_response_started_is_RESOURCE_EXHAUSTED()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { MaxSendMessageSize = 10_000 });
        var context = new CallContext(Bounded, CallContextFlags.CaptureMetadata);
        var firstReply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async IAsyncEnumerable<TestRequest> LargeAfterFirstReply()
        {
            yield return new TestRequest { Text = "small" };
            await firstReply.Task;
            yield return new TestRequest { Text = "large", Payload = new byte[20_000] };
        }
        var received = new List<TestReply>();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
        {
            await foreach (var reply in host.Client.DuplexAsync(LargeAfterFirstReply(), context))
            {
                received.Add(reply);
                firstReply.TrySetResult();
            }
        });

        Assert.AreEqual("small", received.Single().Text);
        Assert.AreEqual(StatusCode.ResourceExhausted, e.StatusCode, e.Status.Detail);
        Assert.AreEqual(StatusCode.ResourceExhausted, context.ResponseStatus?.StatusCode);
    }

    [TestMethod]
    public async Task Null_request_is_an_error_that_says_so_without_calling_the_server()
    {
        await using var host = await TesterHost.StartAsync();

        var unary = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.UnaryAsync(null!, Bounded).AsTask());
        var streaming = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.ServerStreamAsync(null!, Bounded).ToListAsync().AsTask());

        foreach (var e in new[] { unary, streaming })
        {
            Assert.AreEqual(StatusCode.Internal, e.StatusCode);
            StringAssert.Contains(e.Status.Detail, "null");
        }
        Assert.AreEqual(0, host.Service.TotalCalls);
    }

    [TestMethod]
    public async Task Null_request_stream_is_an_error_that_says_so()
    {
        await using var host = await TesterHost.StartAsync();

        var clientStreaming = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.ClientStreamAsync(null!, Bounded));
        var duplex = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.DuplexAsync(null!, Bounded).ToListAsync().AsTask());

        foreach (var e in new[] { clientStreaming, duplex })
        {
            Assert.AreEqual(StatusCode.Internal, e.StatusCode);
            StringAssert.Contains(e.Status.Detail, "request stream is null", e.Status.Detail);
        }
    }

    [TestMethod]
    public async Task Null_message_in_a_request_stream_is_an_error_that_says_so()
    {
        await using var host = await TesterHost.StartAsync();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.ClientStreamAsync(Stream(new TestRequest { Text = "fine" }, null!), Bounded));

        Assert.AreEqual(StatusCode.Internal, e.StatusCode, e.Status.Detail);
        StringAssert.Contains(e.Status.Detail, "null message");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async IAsyncEnumerable<TestRequest> Stream(params TestRequest[] requests)
    {
        foreach (var request in requests)
        {
            await Task.Yield();
            yield return request;
        }
    }

    private static async IAsyncEnumerable<TestRequest> Throwing(Exception exception, int afterCount)
    {
        for (var i = 0; i < afterCount; i++)
        {
            await Task.Yield();
            yield return new TestRequest { Text = $"before failure {i}" };
        }
        await Task.Yield();
        throw exception;
    }
}

/// <summary>A service the tester's server does not map.</summary>
[GrpcService("client.test.v1.Missing")]
public interface IMissingService
{
    ValueTask<TestReply> AnythingAsync(TestRequest request, CallContext context = default);
}

/// <summary>A newer version of the tester's contract, with methods its server does not have yet.</summary>
[GrpcService("client.test.v1.Tester")]
public interface ITesterV2
{
    ValueTask<TestReply> UnaryAsync(TestRequest request, CallContext context = default);

    ValueTask<TestReply> NewUnaryAsync(TestRequest request, CallContext context = default);

    IAsyncEnumerable<TestReply> NewServerStreamAsync(TestRequest request, CallContext context = default);

    Task<TestReply> NewClientStreamAsync(IAsyncEnumerable<TestRequest> requests, CallContext context = default);

    IAsyncEnumerable<TestReply> NewDuplexAsync(IAsyncEnumerable<TestRequest> requests, CallContext context = default);
}
