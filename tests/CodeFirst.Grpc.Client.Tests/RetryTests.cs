using System.Diagnostics;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>Retry policies against a server that fails on request: attempts, pushback, commit, replay of request streams.</summary>
[TestClass]
public sealed class RetryTests
{
    private static GrpcChannelOptions RetryOn(StatusCode code, int maxAttempts = 4, Action<GrpcChannelOptions>? configure = null)
    {
        var options = new GrpcChannelOptions
        {
            ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = maxAttempts,
                            InitialBackoff = TimeSpan.FromMilliseconds(10),
                            MaxBackoff = TimeSpan.FromMilliseconds(50),
                            RetryableStatusCodes = { code },
                        },
                    },
                },
            },
        };
        configure?.Invoke(options);
        return options;
    }

    [TestMethod]
    public async Task A_call_failing_twice_with_UNAVAILABLE_succeeds_on_the_third_attempt()
    {
        await using var host = await TesterHost.StartAsync(RetryOn(StatusCode.Unavailable));
        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "flaky", FailWith = StatusCode.Unavailable, FailTimes = 2 });
        Assert.AreEqual(3, reply.Attempt);
        Assert.AreEqual("2", reply.PreviousAttempts, "grpc-previous-rpc-attempts on the successful attempt");
        Assert.AreEqual(3, host.Service.Calls("flaky"));
    }

    [TestMethod]
    public async Task Attempts_stop_at_max_attempts_with_the_last_status()
    {
        await using var host = await TesterHost.StartAsync(RetryOn(StatusCode.Unavailable, maxAttempts: 3));
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "down", FailWith = StatusCode.Unavailable }).AsTask());
        Assert.AreEqual(StatusCode.Unavailable, error.StatusCode);
        StringAssert.Contains(error.Status.Detail, "attempt 3");
        Assert.AreEqual(3, host.Service.Calls("down"));
    }

    [TestMethod]
    public async Task A_status_not_in_the_policy_is_not_retried()
    {
        await using var host = await TesterHost.StartAsync(RetryOn(StatusCode.Unavailable));
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "bad", FailWith = StatusCode.InvalidArgument, FailTimes = 1 }).AsTask());
        Assert.AreEqual(StatusCode.InvalidArgument, error.StatusCode);
        Assert.AreEqual(1, host.Service.Calls("bad"));
    }

    [TestMethod]
    public async Task Without_a_policy_nothing_is_retried()
    {
        await using var host = await TesterHost.StartAsync();
        await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "once", FailWith = StatusCode.Unavailable, FailTimes = 1 }).AsTask());
        Assert.AreEqual(1, host.Service.Calls("once"));
    }

    [TestMethod]
    public async Task Pushback_delays_the_next_attempt_by_the_servers_milliseconds()
    {
        await using var host = await TesterHost.StartAsync(RetryOn(StatusCode.Unavailable));
        var clock = Stopwatch.StartNew();
        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "later", FailWith = StatusCode.Unavailable, FailTimes = 1, Pushback = "600" });
        Assert.AreEqual(2, reply.Attempt);
        // The policy's own backoff is at most 10 ms: only the pushback explains the wait.
        Assert.IsTrue(clock.Elapsed >= TimeSpan.FromMilliseconds(550), $"retried after {clock.ElapsedMilliseconds} ms, before the 600 ms pushback");
    }

    [TestMethod]
    [DataRow("-1")]
    [DataRow("soon")]
    public async Task A_negative_or_malformed_pushback_means_do_not_retry(string pushback)
    {
        await using var host = await TesterHost.StartAsync(RetryOn(StatusCode.Unavailable));
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "stop", FailWith = StatusCode.Unavailable, FailTimes = 1, Pushback = pushback }).AsTask());
        Assert.AreEqual(StatusCode.Unavailable, error.StatusCode);
        Assert.AreEqual(1, host.Service.Calls("stop"));
    }

    [TestMethod]
    public async Task A_stream_that_has_sent_a_message_is_not_retried()
    {
        await using var host = await TesterHost.StartAsync(RetryOn(StatusCode.Unavailable));
        var received = new List<TestReply>();
        var error = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
        {
            await foreach (var reply in host.Client.ServerStreamAsync(new TestRequest { Text = "partial", Count = 3, FailAfter = 1, FailWith = StatusCode.Unavailable, FailTimes = 1 }))
            {
                received.Add(reply);
            }
        });
        Assert.AreEqual(StatusCode.Unavailable, error.StatusCode);
        Assert.AreEqual(1, received.Count, "the message before the failure was delivered, once");
        Assert.AreEqual(1, host.Service.Calls("partial"), "committed after response data: no second attempt");
    }

    [TestMethod]
    public async Task A_server_stream_failing_before_its_first_message_is_retried()
    {
        await using var host = await TesterHost.StartAsync(RetryOn(StatusCode.Unavailable));
        var replies = await host.Client.ServerStreamAsync(new TestRequest { Text = "early", Count = 3, FailAfter = 0, FailWith = StatusCode.Unavailable, FailTimes = 1 }).ToListAsync();
        Assert.AreEqual(3, replies.Count);
        Assert.IsTrue(replies.All(r => r.Attempt == 2));
    }

    [TestMethod]
    public async Task A_client_stream_is_replayed_whole_on_retry()
    {
        await using var host = await TesterHost.StartAsync(RetryOn(StatusCode.Unavailable));
        var pulled = 0;
        async IAsyncEnumerable<TestRequest> Requests()
        {
            string[] texts = ["first", "second", "third"];
            foreach (var text in texts)
            {
                await Task.Yield();
                pulled++;
                yield return new TestRequest { Text = text, FailWith = text == "first" ? StatusCode.Unavailable : StatusCode.OK, FailTimes = 1, FailAfter = 2 };
            }
        }
        var reply = await host.Client.ClientStreamAsync(Requests());
        Assert.AreEqual("first,second,third", reply.Text, "the second attempt got the replayed messages, then the rest");
        Assert.AreEqual(2, reply.Attempt);
        Assert.AreEqual(3, pulled, "each message was pulled from the caller once");
    }

    [TestMethod]
    public async Task A_client_stream_larger_than_the_replay_buffer_is_not_retried()
    {
        await using var host = await TesterHost.StartAsync(RetryOn(StatusCode.Unavailable, configure: o => o.MaxRetryBufferPerCallSize = 64));
        async IAsyncEnumerable<TestRequest> Requests()
        {
            yield return new TestRequest { Text = "big", FailWith = StatusCode.Unavailable, FailTimes = 1, FailAfter = 2, Payload = new byte[100] };
            await Task.Yield();
            yield return new TestRequest { Text = "more" };
        }
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.ClientStreamAsync(Requests()));
        Assert.AreEqual(StatusCode.Unavailable, error.StatusCode);
        Assert.AreEqual(1, host.Service.Calls("big"));
    }

    [TestMethod]
    public async Task A_retry_that_could_not_start_before_the_deadline_is_not_waited_for()
    {
        await using var host = await TesterHost.StartAsync(RetryOn(StatusCode.Unavailable));
        // The server asks for a 5 s pause; the deadline is 2 s away. Waiting would end in DEADLINE_EXCEEDED after
        // 2 s; the client instead gives up at once with the attempt's own status.
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            host.Client.UnaryAsync(new TestRequest { Text = "slow", FailWith = StatusCode.Unavailable, Pushback = "5000" },
                new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(2) }).AsTask());
        Assert.AreEqual(StatusCode.Unavailable, error.StatusCode);
        Assert.AreEqual(1, host.Service.Calls("slow"));
    }
}
