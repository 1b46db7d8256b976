namespace CodeFirst.Orders.Server.Tests.Process;

/// <summary>No acknowledged write is lost: the real server process, killed with SIGKILL right after a batch of creates.</summary>
[TestClass]
public sealed class DurabilityTests
{
    [TestMethod]
    public async Task Every_acknowledged_order_survives_kill_9_and_restart()
    {
        using var data = TemporaryDirectory.Create("codefirst-durability-");
        var options = new OrderServerProcessOptions { DataDirectory = data.Path };
        var acknowledged = new List<Order>();
        await using (var server = await OrderServerProcess.StartAsync(options))
        {
            using var channel = ProcessClients.Connect(server, ProcessClients.Alice);
            var orders = channel.CreateGrpcService<IOrderService>();
            // Eight concurrent writers; the kill follows the last acknowledgement at once.
            await Parallel.ForAsync(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var order = await orders.CreateOrderAsync(new CreateOrderRequest
                {
                    CustomerId = "alice",
                    Items = [new LineItem { ProductId = $"p-{i}", Quantity = 1 + (i % 7), UnitPrice = 1.25 }],
                });
                lock (acknowledged)
                {
                    acknowledged.Add(order);
                }
            });
            await server.KillAsync();
            Assert.AreEqual(128 + 9, server.ExitCode, $"killed by SIGKILL, with no chance to flush:\n{server.Output}");
        }

        await using (var restarted = await OrderServerProcess.StartAsync(options))
        {
            using var channel = ProcessClients.Connect(restarted, ProcessClients.Alice);
            var orders = channel.CreateGrpcService<IOrderService>();
            foreach (var expected in acknowledged)
            {
                var actual = await orders.GetOrderAsync(new GetOrderRequest { Id = expected.Id });
                Assert.AreEqual(expected.Total, actual.Total, expected.Id);
                Assert.AreEqual(expected.Items.Single().ProductId, actual.Items.Single().ProductId, expected.Id);
            }
            var listed = new HashSet<string>();
            await foreach (var order in orders.ListOrdersAsync(new ListOrdersRequest()))
            {
                listed.Add(order.Id);
            }
            Assert.AreEqual(200, acknowledged.Count);
            CollectionAssert.IsSubsetOf(acknowledged.Select(o => o.Id).ToList(), listed.ToList());
        }
    }
}
