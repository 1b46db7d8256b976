using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodeFirst.Grpc.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>
/// Deadlines and cancellation end the call promptly with the right status, are sent to the server (grpc-timeout,
/// RST_STREAM) so its handler stops too, and abandoning a stream's enumeration cancels the call.
/// </summary>
[TestClass]
public sealed class DeadlineAndCancellationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [TestMethod]
    public async Task Deadline_ends_a_unary_call_with_DEADLINE_EXCEEDED_and_the_server_sees_cancellation()
    {
        await using var host = await TesterHost.StartAsync();
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.UnaryAsync(
            new TestRequest { Text = "slow unary", DelayMilliseconds = 60_000 },
            new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(1) }).AsTask());

        Assert.AreEqual(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.IsLessThan(Bound, clock.Elapsed);
        await host.Service.CancellationSeen("slow unary").WaitAsync(Bound);
    }

    [TestMethod]
    public async Task Deadline_ends_a_server_stream_that_stalls_between_messages()
    {
        await using var host = await TesterHost.StartAsync();
        var received = 0;

        var e = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
        {
            var options = new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(1) };
            await foreach (var _ in host.Client.ServerStreamAsync(new TestRequest { Text = "stalled stream", Count = 3, DelayMilliseconds = 60_000 }, options))
            {
                received++;
            }
        });

        Assert.AreEqual(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.AreEqual(1, received);
        await host.Service.CancellationSeen("stalled stream").WaitAsync(Bound);
    }

    [TestMethod]
    public async Task Deadline_is_enforced_by_the_client_even_when_the_server_ignores_it()
    {
        // A server that sends response headers, then neither messages nor trailers, whatever grpc-timeout says.
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var path = ContractModel.GetService(typeof(IStall)).Methods.Single().Path;
        await using var server = await GrpcTestHost.StartAsync(app => app.MapPost(path, async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.StartAsync();
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
        }));
        using var channel = GrpcChannel.ForAddress(server.Address);
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() => channel.CreateGrpcService<IStall>().StallAsync(
            new TestRequest(), new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(1) }).AsTask());

        Assert.AreEqual(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.IsLessThan(Bound, clock.Elapsed);
        await aborted.Task.WaitAsync(Bound); // the client reset the stream
    }

    [TestMethod]
    public async Task Deadline_is_sent_as_grpc_timeout()
    {
        await using var host = await TesterHost.StartAsync();

        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "timeout" }, new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(20) });

        var timeout = ParseTimeout(reply.Timeout);
        Assert.IsTrue(timeout > TimeSpan.FromSeconds(10) && timeout <= TimeSpan.FromSeconds(20), reply.Timeout);
    }

    [TestMethod]
    public async Task Default_timeout_applies_to_calls_without_a_deadline()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { DefaultTimeout = TimeSpan.FromSeconds(20) });

        var defaulted = await host.Client.UnaryAsync(new TestRequest { Text = "default" });
        var explicitDeadline = await host.Client.UnaryAsync(new TestRequest { Text = "explicit" }, new CallOptions { Deadline = DateTime.UtcNow.AddMinutes(5) });
        var streamed = await host.Client.ServerStreamAsync(new TestRequest { Text = "stream", Count = 1 }).ToListAsync();

        var timeout = ParseTimeout(defaulted.Timeout);
        Assert.IsTrue(timeout > TimeSpan.FromSeconds(10) && timeout <= TimeSpan.FromSeconds(20), defaulted.Timeout);
        Assert.IsGreaterThan(TimeSpan.FromMinutes(4), ParseTimeout(explicitDeadline.Timeout), "An explicit deadline wins over the default.");
        Assert.IsLessThanOrEqualTo(TimeSpan.FromSeconds(20), ParseTimeout(streamed[0].Timeout));
    }

    [TestMethod]
    public async Task Default_timeout_ends_a_call_with_DEADLINE_EXCEEDED()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { DefaultTimeout = TimeSpan.FromSeconds(1) });

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "default deadline", DelayMilliseconds = 60_000 }).AsTask());

        Assert.AreEqual(StatusCode.DeadlineExceeded, e.StatusCode);
        await host.Service.CancellationSeen("default deadline").WaitAsync(Bound);
    }

    [TestMethod]
    public async Task Without_a_deadline_no_grpc_timeout_is_sent()
    {
        await using var host = await TesterHost.StartAsync();

        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "no timeout" });

        Assert.AreEqual("", reply.Timeout);
    }

    [TestMethod]
    public async Task Deadline_already_past_fails_every_shape_without_calling_the_server()
    {
        await using var host = await TesterHost.StartAsync();
        CallContext Past() => new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(-1) };
        var requests = new CountingRequests();

        var calls = new Func<Task>[]
        {
            () => host.Client.UnaryAsync(new TestRequest { Text = "late" }, Past()).AsTask(),
            () => host.Client.ServerStreamAsync(new TestRequest { Text = "late", Count = 1 }, Past()).ToListAsync().AsTask(),
            () => host.Client.ClientStreamAsync(requests.Stream("late"), Past()),
            () => host.Client.DuplexAsync(requests.Stream("late"), Past()).ToListAsync().AsTask(),
        };
        foreach (var call in calls)
        {
            var e = await Assert.ThrowsExactlyAsync<RpcException>(call);
            Assert.AreEqual(StatusCode.DeadlineExceeded, e.StatusCode);
        }

        Assert.AreEqual(0, host.Service.TotalCalls);
        Assert.AreEqual(0, requests.Pulled, "The request streams were never read.");
    }

    [TestMethod]
    public async Task Caller_cancellation_ends_the_call_with_CANCELLED_and_the_server_sees_it()
    {
        await using var host = await TesterHost.StartAsync();
        using var cancel = new CancellationTokenSource();
        var call = host.Client.UnaryAsync(new TestRequest { Text = "cancelled unary", DelayMilliseconds = 60_000 }, new CallOptions { CancellationToken = cancel.Token });
        await host.Service.WaitStarted("cancelled unary").WaitAsync(Bound);

        cancel.Cancel();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() => call.AsTask().WaitAsync(Bound));
        Assert.AreEqual(StatusCode.Cancelled, e.StatusCode);
        await host.Service.CancellationSeen("cancelled unary").WaitAsync(Bound);
    }

    [TestMethod]
    public async Task Cancellation_token_argument_cancels_a_task_returning_call()
    {
        await using var host = await TesterHost.StartAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryTaskAsync(new TestRequest { Text = "token", DelayMilliseconds = 60_000 }, cancel.Token).WaitAsync(Bound));

        Assert.AreEqual(StatusCode.Cancelled, e.StatusCode);
    }

    [TestMethod]
    public async Task Already_cancelled_token_fails_without_calling_the_server()
    {
        await using var host = await TesterHost.StartAsync();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "never" }, new CallOptions { CancellationToken = cancel.Token }).AsTask());

        Assert.AreEqual(StatusCode.Cancelled, e.StatusCode);
        Assert.AreEqual(0, host.Service.TotalCalls);
    }

    [TestMethod]
    public async Task Cancelling_a_server_stream_while_reading_ends_it_with_CANCELLED()
    {
        await using var host = await TesterHost.StartAsync();
        using var cancel = new CancellationTokenSource();
        var received = 0;

        var e = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
        {
            await foreach (var _ in host.Client.ServerStreamAsync(new TestRequest { Text = "cancel stream", Count = 3, DelayMilliseconds = 60_000 }, cancel.Token))
            {
                received++;
                cancel.CancelAfter(100);
            }
        });

        Assert.AreEqual(StatusCode.Cancelled, e.StatusCode);
        Assert.AreEqual(1, received);
        await host.Service.CancellationSeen("cancel stream").WaitAsync(Bound);
    }

    [TestMethod]
    public async Task WithCancellation_on_a_server_stream_cancels_the_call()
    {
        await using var host = await TesterHost.StartAsync();
        using var cancel = new CancellationTokenSource();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
        {
            await foreach (var _ in host.Client.ServerStreamAsync(new TestRequest { Text = "enumerator token", Count = 3, DelayMilliseconds = 60_000 }).WithCancellation(cancel.Token))
            {
                cancel.CancelAfter(100);
            }
        });

        Assert.AreEqual(StatusCode.Cancelled, e.StatusCode);
        await host.Service.CancellationSeen("enumerator token").WaitAsync(Bound);
    }

    [TestMethod]
    public async Task Breaking_out_of_a_server_stream_cancels_the_call_on_the_server()
    {
        await using var host = await TesterHost.StartAsync();
        var context = new CallContext(new CallOptions(), CallContextFlags.CaptureMetadata);

        await foreach (var reply in host.Client.ServerStreamAsync(new TestRequest { Text = "abandoned stream", Count = 3, DelayMilliseconds = 60_000 }, context))
        {
            Assert.AreEqual(0, reply.Index);
            break;
        }

        await host.Service.CancellationSeen("abandoned stream").WaitAsync(Bound);
        Assert.AreEqual(StatusCode.Cancelled, context.ResponseStatus?.StatusCode);
    }

    [TestMethod]
    public async Task Disposing_a_server_stream_enumerator_early_cancels_the_call_on_the_server()
    {
        await using var host = await TesterHost.StartAsync();
        var replies = host.Client.ServerStreamAsync(new TestRequest { Text = "disposed stream", Count = 3, DelayMilliseconds = 60_000 }).GetAsyncEnumerator();

        Assert.IsTrue(await replies.MoveNextAsync());
        await replies.DisposeAsync().AsTask().WaitAsync(Bound);

        await host.Service.CancellationSeen("disposed stream").WaitAsync(Bound);
    }

    [TestMethod]
    public async Task Breaking_out_of_a_duplex_stream_cancels_the_call_and_the_request_stream()
    {
        await using var host = await TesterHost.StartAsync();
        var requests = new WatchedRequests();

        await foreach (var reply in host.Client.DuplexAsync(requests.Stream(new TestRequest { Text = "first" }, new TestRequest { Text = "duplex waits", DelayMilliseconds = 60_000 })))
        {
            Assert.AreEqual("first", reply.Text);
            await host.Service.WaitStarted("duplex waits").WaitAsync(Bound);
            break;
        }

        await host.Service.CancellationSeen("duplex waits").WaitAsync(Bound);
        await requests.Cancelled.WaitAsync(Bound);
    }

    [TestMethod]
    public async Task Cancelling_a_duplex_call_while_the_client_is_only_writing_resets_it()
    {
        await using var host = await TesterHost.StartAsync();
        using var cancel = new CancellationTokenSource();
        var requests = new WatchedRequests();
        await using var replies = host.Client.DuplexAsync(
            requests.Stream(new TestRequest { Text = "write 1" }, new TestRequest { Text = "write 2", DelayMilliseconds = 60_000 }),
            new CallOptions { CancellationToken = cancel.Token }).GetAsyncEnumerator();
        Assert.IsTrue(await replies.MoveNextAsync());
        // Nobody reads responses now: the call is only writing (its request stream waits for more to send).
        await host.Service.WaitStarted("write 2").WaitAsync(Bound);

        cancel.Cancel();

        await host.Service.CancellationSeen("write 2").WaitAsync(Bound);
        await requests.Cancelled.WaitAsync(Bound);
        var e = await Assert.ThrowsExactlyAsync<RpcException>(() => replies.MoveNextAsync().AsTask().WaitAsync(Bound));
        Assert.AreEqual(StatusCode.Cancelled, e.StatusCode);
    }

    [TestMethod]
    public async Task Cancelling_a_client_stream_whose_request_stream_waits_ends_it_with_CANCELLED()
    {
        await using var host = await TesterHost.StartAsync();
        using var cancel = new CancellationTokenSource();
        var requests = new WatchedRequests();
        var call = host.Client.ClientStreamAsync(requests.Stream(new TestRequest { Text = "sent" }), new CallOptions { CancellationToken = cancel.Token });
        await requests.Waiting.WaitAsync(Bound);

        cancel.Cancel();

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() => call.WaitAsync(Bound));
        Assert.AreEqual(StatusCode.Cancelled, e.StatusCode);
        await requests.Cancelled.WaitAsync(Bound);
    }

    /// <summary>Parses a grpc-timeout value (digits and a unit).</summary>
    private static TimeSpan ParseTimeout(string value)
    {
        Assert.IsTrue(value.Length >= 2, $"grpc-timeout '{value}'");
        var amount = long.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture);
        return value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => throw new AssertFailedException($"grpc-timeout '{value}' has no valid unit"),
        };
    }

    /// <summary>A request stream counting the messages pulled from it.</summary>
    private sealed class CountingRequests
    {
        private int _pulled;

        public int Pulled => _pulled;

        public async IAsyncEnumerable<TestRequest> Stream(string text)
        {
            await Task.Yield();
            Interlocked.Increment(ref _pulled);
            yield return new TestRequest { Text = text };
        }
    }

    /// <summary>A request stream that sends its messages, then waits (for more) until the call cancels it.</summary>
    private sealed class WatchedRequests
    {
        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes once every message was taken and the stream waits for more.</summary>
        public Task Waiting => _waiting.Task;

        /// <summary>Completes when the call cancelled the stream's enumeration.</summary>
        public Task Cancelled => _cancelled.Task;

        public async IAsyncEnumerable<TestRequest> Stream(TestRequest first, TestRequest? second = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return first;
            if (second is not null)
            {
                yield return second;
            }
            _waiting.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _cancelled.TrySetResult();
                throw;
            }
        }
    }
}

/// <summary>A method served by a hand-written endpoint, not by the tester.</summary>
[GrpcService("client.test.v1.Stall")]
public interface IStall
{
    ValueTask<TestReply> StallAsync(TestRequest request, CallContext context = default);
}
