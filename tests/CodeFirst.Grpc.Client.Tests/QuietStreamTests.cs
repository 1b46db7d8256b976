namespace CodeFirst.Grpc.Client.Tests;

/// <summary>Long-lived request streams over real Kestrel connections.</summary>
[TestClass]
public sealed class QuietStreamTests
{
    [TestMethod]
    public async Task A_client_stream_quiet_for_longer_than_kestrels_data_rate_grace_period_completes()
    {
        // Kestrel aborts request bodies slower than 240 B/s once its 5 s grace period is over, unless the server
        // turns that off for streaming calls: a chat-like stream with a pause would die with it.
        await using var host = await TesterHost.StartAsync();
        async IAsyncEnumerable<TestRequest> Requests()
        {
            yield return new TestRequest { Text = "before" };
            await Task.Delay(TimeSpan.FromSeconds(7));
            yield return new TestRequest { Text = "after" };
        }
        var reply = await host.Client.ClientStreamAsync(Requests(), new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(30) });
        Assert.AreEqual("before,after", reply.Text);
    }

    [TestMethod]
    public async Task Response_headers_a_handler_writes_early_arrive_while_the_request_stream_is_open()
    {
        await using var host = await TesterHost.StartAsync();
        var context = new CallContext(new CallOptions
        {
            Headers = new Metadata { { "header-early", "yes" } },
            Deadline = DateTime.UtcNow.AddSeconds(20),
        }, CallContextFlags.CaptureMetadata);
        // The second message is sent only once the headers (written after the first message) have arrived: if
        // the server held them until the end of the call, this would wait until the deadline.
        async IAsyncEnumerable<TestRequest> Requests()
        {
            yield return new TestRequest { Text = "first" };
            var headers = await context.ResponseHeadersAsync();
            yield return new TestRequest { Text = headers.GetValue("header-early") ?? "missing" };
        }
        var reply = await host.Client.ClientStreamAsync(Requests(), context);
        Assert.AreEqual("first,yes", reply.Text);
    }
}
