using System.Diagnostics;
using System.Threading.Channels;
using CodeFirst.Grpc.Health;

namespace CodeFirst.Orders.Server.Tests.Process;

/// <summary>
/// Graceful shutdown of the real process (SIGTERM, as a service manager stops it) with calls in flight: health flips
/// to NOT_SERVING, an upload the client finishes during the drain completes and is stored, an open chat ends at once
/// with UNAVAILABLE (so it does not hold the drain), and the process exits 0 well before the drain's timeout.
/// </summary>
[TestClass]
public sealed class ShutdownTests
{
    /// <summary>The runtime's <c>GrpcServerOptions.ShutdownTimeout</c> default: calls still running then are cancelled.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How soon after SIGTERM the chat must have ended and health flipped: far less than the drain timeout.</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(3);

    [TestMethod]
    public async Task Sigterm_completes_a_half_sent_upload_ends_chat_unavailable_and_exits_0_before_the_drain_timeout()
    {
        using var data = TemporaryDirectory.Create("codefirst-shutdown-");
        var options = new OrderServerProcessOptions { DataDirectory = data.Path };
        Order order;
        await using (var server = await OrderServerProcess.StartAsync(options))
        {
            // Streams here outlive the default call timeout; each call below sets its own deadline.
            using var channel = ProcessClients.Connect(server, ProcessClients.Alice, o => o.DefaultTimeout = null);
            var orders = channel.CreateGrpcService<IOrderService>();
            order = await orders.CreateOrderAsync(ProcessClients.NewOrder("alice"));
            var deadline = DateTime.UtcNow.AddSeconds(30);

            using var healthChannel = ProcessClients.Connect(server, null, o => o.DefaultTimeout = null);
            using var stopWatching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var statuses = Channel.CreateUnbounded<ServingStatus>();
            var watching = WatchAsync(healthChannel.CreateGrpcService<IHealth>(), statuses.Writer, stopWatching.Token);
            Assert.AreEqual(ServingStatus.Serving, await statuses.Reader.ReadAsync().AsTask().WaitAsync(ProcessClients.CallTimeout));

            // An open chat, joined: its own message came back through the room.
            var chatRequests = Channel.CreateUnbounded<ChatMessage>();
            chatRequests.Writer.TryWrite(new ChatMessage { OrderId = order.Id, Text = "before shutdown" });
            await using var chat = orders.OrderChatAsync(chatRequests.Reader.ReadAllAsync(), new CallOptions { Deadline = deadline }).GetAsyncEnumerator();
            Assert.IsTrue(await chat.MoveNextAsync().AsTask().WaitAsync(ProcessClients.CallTimeout));
            Assert.AreEqual("before shutdown", chat.Current.Text);

            // An upload, half sent: two items now, three more once the server is draining.
            var items = Channel.CreateUnbounded<LineItem>();
            items.Writer.TryWrite(new LineItem { ProductId = "u-1", Quantity = 1, UnitPrice = 10 });
            items.Writer.TryWrite(new LineItem { ProductId = "u-2", Quantity = 2, UnitPrice = 10 });
            var upload = orders.UploadLineItemsAsync(items.Reader.ReadAllAsync(), new CallOptions
            {
                Headers = new Metadata { { OrderHeaders.OrderId, order.Id } },
                Deadline = deadline,
            }).AsTask();
            // The upload's stream was opened before this call's on the same connection, so the server has it; the
            // pause lets its handler start reading before the signal.
            await orders.GetOrderAsync(new GetOrderRequest { Id = order.Id }, new CallOptions { Deadline = deadline });
            await Task.Delay(300);
            Assert.IsFalse(upload.IsCompleted, $"the upload waits for the rest of its items: {upload.Status}");

            var sinceSignal = Stopwatch.StartNew();
            var stopping = server.StopAsync();

            Assert.AreEqual(ServingStatus.NotServing, await statuses.Reader.ReadAsync().AsTask().WaitAsync(Promptly),
                "health Watch on \"\" reports NOT_SERVING once the server drains");

            var chatEnded = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
            {
                while (await chat.MoveNextAsync().AsTask().WaitAsync(Promptly))
                {
                    Assert.Fail($"no message was posted after the signal, yet the chat received '{chat.Current.Text}'");
                }
            }, "the open chat ends with an error, not OK and not by our timeout");
            Assert.AreEqual(StatusCode.Unavailable, chatEnded.StatusCode, chatEnded.Status.Detail);
            var chatEndedAfter = sinceSignal.Elapsed;
            Assert.IsLessThan(Promptly, chatEndedAfter, "the chat ends at once, not when the drain times out");
            chatRequests.Writer.TryComplete();

            // A call made while the server drains is refused.
            using (var late = ProcessClients.Connect(server, ProcessClients.Alice))
            {
                await ProcessClients.ExpectStatusAsync(StatusCode.Unavailable,
                    async () => await late.CreateGrpcService<IOrderService>().GetOrderAsync(new GetOrderRequest { Id = order.Id }),
                    "a new call while the server drains");
            }

            // The client finishes its upload within the drain: the call completes normally.
            items.Writer.TryWrite(new LineItem { ProductId = "u-3", Quantity = 3, UnitPrice = 10 });
            items.Writer.TryWrite(new LineItem { ProductId = "u-4", Quantity = 4, UnitPrice = 10 });
            items.Writer.TryWrite(new LineItem { ProductId = "u-5", Quantity = 5, UnitPrice = 10 });
            items.Writer.Complete();
            var summary = await upload.WaitAsync(DrainTimeout);
            Assert.AreEqual(5, summary.ItemsReceived);
            Assert.AreEqual(59.98 + 150, summary.Total, 1e-9);

            await stopWatching.CancelAsync();
            await watching.WaitAsync(ProcessClients.CallTimeout);

            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
            var exitedAfter = sinceSignal.Elapsed;
            Assert.AreEqual(0, server.ExitCode, $"a graceful stop exits 0:\n{server.Output}");
            Assert.IsLessThan(DrainTimeout, exitedAfter, $"nothing held the drain to its timeout (chat ended after {chatEndedAfter.TotalMilliseconds:F0} ms):\n{server.Output}");

            // Once it has exited, calls fail UNAVAILABLE: on the connection the client had, and on a new one.
            await ProcessClients.ExpectStatusAsync(StatusCode.Unavailable,
                async () => await orders.GetOrderAsync(new GetOrderRequest { Id = order.Id }, new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(5) }),
                "a call on the old channel after exit");
            using var afterExit = ProcessClients.Connect(server, ProcessClients.Alice);
            await ProcessClients.ExpectStatusAsync(StatusCode.Unavailable,
                async () => await afterExit.CreateGrpcService<IOrderService>().GetOrderAsync(new GetOrderRequest { Id = order.Id }),
                "a call on a new channel after exit");
        }

        // What the drained upload acknowledged was stored.
        var stored = await StoredAfterRestartAsync(options, order.Id);
        CollectionAssert.AreEqual(new[] { "p-1", "u-1", "u-2", "u-3", "u-4", "u-5" }, stored.Items.Select(i => i.ProductId).ToArray());
        Assert.AreEqual(59.98 + 150, stored.Total, 1e-9);
    }

    [TestMethod]
    public async Task Sigterm_ends_an_upload_still_open_at_the_drain_timeout_with_UNAVAILABLE_stores_none_of_it_and_exits_0()
    {
        using var data = TemporaryDirectory.Create("codefirst-shutdown-");
        var options = new OrderServerProcessOptions { DataDirectory = data.Path };
        Order order;
        await using (var server = await OrderServerProcess.StartAsync(options))
        {
            using var channel = ProcessClients.Connect(server, ProcessClients.Alice, o => o.DefaultTimeout = null);
            var orders = channel.CreateGrpcService<IOrderService>();
            order = await orders.CreateOrderAsync(ProcessClients.NewOrder("alice"));

            // An upload whose client never finishes sending.
            var items = Channel.CreateUnbounded<LineItem>();
            items.Writer.TryWrite(new LineItem { ProductId = "u-1", Quantity = 1, UnitPrice = 10 });
            var upload = orders.UploadLineItemsAsync(items.Reader.ReadAllAsync(), new CallOptions
            {
                Headers = new Metadata { { OrderHeaders.OrderId, order.Id } },
                Deadline = DateTime.UtcNow.AddSeconds(60),
            }).AsTask();
            await orders.GetOrderAsync(new GetOrderRequest { Id = order.Id }, new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(10) });
            await Task.Delay(300);

            var sinceSignal = Stopwatch.StartNew();
            var stopping = server.StopAsync();
            var cut = await Assert.ThrowsExactlyAsync<RpcException>(() => upload.WaitAsync(DrainTimeout + TimeSpan.FromSeconds(5)));
            var cutAfter = sinceSignal.Elapsed;
            Assert.AreEqual(StatusCode.Unavailable, cut.StatusCode, cut.Status.Detail);
            Assert.IsGreaterThan(DrainTimeout - TimeSpan.FromSeconds(1), cutAfter, "the call had the whole drain to finish");

            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.AreEqual(0, server.ExitCode, $"a graceful stop exits 0 even when it had to cut calls:\n{server.Output}");
            Assert.IsLessThan(DrainTimeout + TimeSpan.FromSeconds(3), sinceSignal.Elapsed, $"it exits right after the drain timeout (the call was cut after {cutAfter.TotalMilliseconds:F0} ms):\n{server.Output}");
            items.Writer.TryComplete();
        }

        // The cut upload stored nothing.
        var stored = await StoredAfterRestartAsync(options, order.Id);
        CollectionAssert.AreEqual(new[] { "p-1" }, stored.Items.Select(i => i.ProductId).ToArray());
        Assert.AreEqual(59.98, stored.Total);
    }

    /// <summary>Alice's order <paramref name="orderId"/> as a new server process on the same data reads it.</summary>
    private static async Task<Order> StoredAfterRestartAsync(OrderServerProcessOptions options, string orderId)
    {
        await using var restarted = await OrderServerProcess.StartAsync(options);
        using var channel = ProcessClients.Connect(restarted, ProcessClients.Alice);
        return await channel.CreateGrpcService<IOrderService>().GetOrderAsync(new GetOrderRequest { Id = orderId });
    }

    /// <summary>Health <c>Watch</c> on the server as a whole, each status written to <paramref name="statuses"/> until cancelled.</summary>
    private static async Task WatchAsync(IHealth health, ChannelWriter<ServingStatus> statuses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var response in health.WatchAsync(new HealthCheckRequest(), cancellationToken))
            {
                statuses.TryWrite(response.Status);
            }
            statuses.TryComplete();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            statuses.TryComplete();
        }
        catch (Exception e)
        {
            statuses.TryComplete(e);
        }
    }
}
