namespace CodeFirst.Grpc.Client.Tests;

/// <summary>The four call shapes through a proxy, against the server runtime over loopback HTTP/2.</summary>
[TestClass]
public sealed class CallShapeTests
{
    [TestMethod]
    public async Task Unary_call_returns_the_response()
    {
        await using var host = await TesterHost.StartAsync();
        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "hello" });
        Assert.AreEqual("hello", reply.Text);
        Assert.AreEqual(1, reply.Attempt);
    }

    [TestMethod]
    public async Task Unary_call_with_a_task_and_token_signature_works()
    {
        await using var host = await TesterHost.StartAsync();
        var reply = await host.Client.UnaryTaskAsync(new TestRequest { Text = "task" }, CancellationToken.None);
        Assert.AreEqual("task", reply.Text);
    }

    [TestMethod]
    public async Task Server_streaming_call_yields_every_message_in_order()
    {
        await using var host = await TesterHost.StartAsync();
        var replies = await host.Client.ServerStreamAsync(new TestRequest { Text = "s", Count = 100 }).ToListAsync();
        CollectionAssert.AreEqual(Enumerable.Range(0, 100).ToList(), replies.Select(r => r.Index).ToList());
    }

    [TestMethod]
    public async Task Server_streaming_call_with_no_messages_ends_cleanly()
    {
        await using var host = await TesterHost.StartAsync();
        var replies = await host.Client.ServerStreamAsync(new TestRequest { Text = "none", Count = 0 }).ToListAsync();
        Assert.AreEqual(0, replies.Count);
    }

    [TestMethod]
    public async Task Client_streaming_call_sends_every_message()
    {
        await using var host = await TesterHost.StartAsync();
        var reply = await host.Client.ClientStreamAsync(Requests("a", "b", "c"));
        Assert.AreEqual("a,b,c", reply.Text);
        Assert.AreEqual(3, reply.Index);
    }

    [TestMethod]
    public async Task Client_streaming_call_with_an_empty_stream_works()
    {
        await using var host = await TesterHost.StartAsync();
        var reply = await host.Client.ClientStreamAsync(Requests());
        Assert.AreEqual("", reply.Text);
        Assert.AreEqual(0, reply.Index);
    }

    [TestMethod]
    public async Task Duplex_call_interleaves_requests_and_responses()
    {
        await using var host = await TesterHost.StartAsync();
        // Each request is produced only after the previous response arrived: a client that buffered the
        // request stream, or a server that waited for its end, would deadlock here (bounded by the timeout).
        var responses = new System.Threading.Channels.Channel<TestReply>[1];
        var gate = System.Threading.Channels.Channel.CreateUnbounded<int>();
        async IAsyncEnumerable<TestRequest> PingPong()
        {
            for (var i = 0; i < 5; i++)
            {
                yield return new TestRequest { Text = $"ping {i}" };
                await gate.Reader.ReadAsync();
            }
        }
        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var reply in host.Client.DuplexAsync(PingPong(), timeout.Token))
        {
            seen.Add(reply.Text);
            gate.Writer.TryWrite(reply.Index);
        }
        CollectionAssert.AreEqual(Enumerable.Range(0, 5).Select(i => $"ping {i}").ToList(), seen);
    }

    [TestMethod]
    public async Task Proxies_are_built_once_per_interface_and_channel()
    {
        await using var host = await TesterHost.StartAsync();
        Assert.AreSame(host.Client, host.Channel.CreateGrpcService<ITester>());
    }

    [TestMethod]
    public async Task Many_concurrent_calls_share_the_channel()
    {
        await using var host = await TesterHost.StartAsync();
        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => host.Client.UnaryAsync(new TestRequest { Text = $"c{i}" }).AsTask()));
        CollectionAssert.AreEqual(Enumerable.Range(0, 200).Select(i => $"c{i}").ToList(), replies.Select(r => r.Text).ToList());
    }

    internal static async IAsyncEnumerable<TestRequest> Requests(params string[] texts)
    {
        foreach (var text in texts)
        {
            await Task.Yield();
            yield return new TestRequest { Text = text };
        }
    }
}
