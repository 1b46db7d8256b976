using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace CodeFirst.Orders.Server.Tests.Process;

/// <summary>
/// The real process under sustained load, bounded in time: concurrent clients, each on its own connection, as alice,
/// bob and admin, create, get and list orders. No call may fail, ids must be unique, and every acknowledged order must
/// be readable afterwards. The throughput and latencies go to the test output (docs/benchmarks.md, "Order service under
/// load", has the figures and the command).
/// </summary>
[TestClass]
public sealed class LoadTests(TestContext testContext)
{
    private const int Clients = 20;
    private const int ListLimit = 10;

    /// <summary>Measured.</summary>
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    /// <summary>Before measuring: JIT and connection setup, so they do not land in the percentiles.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    private static readonly (string Token, string Subject, string Customer)[] Callers =
    [
        (ProcessClients.Alice, "alice", "alice"),
        (ProcessClients.Bob, "bob", "bob"),
        (ProcessClients.Admin, "admin", "dave"), // an admin may order for any customer
    ];

    private enum Operation
    {
        CreateOrder,
        GetOrder,
        ListOrders,
    }

    [TestMethod]
    public async Task Twenty_clients_create_get_and_list_for_20_seconds_without_errors_or_lost_orders()
    {
        await using var server = await OrderServerProcess.StartAsync();
        var clients = Enumerable.Range(0, Clients).Select(i => Callers[i % Callers.Length])
            .Select(caller => (caller, Channel: ProcessClients.Connect(server, caller.Token))).ToList();
        try
        {
            var created = new ConcurrentBag<(Order Order, int Client)>();
            var errors = new ConcurrentQueue<string>();
            var latencies = Enumerable.Range(0, Clients).Select(_ => Enum.GetValues<Operation>().ToDictionary(o => o, _ => new List<double>())).ToList();
            var start = Stopwatch.GetTimestamp();
            var measureFrom = start + (long)(WarmUp.TotalSeconds * Stopwatch.Frequency);
            var end = measureFrom + (long)(Duration.TotalSeconds * Stopwatch.Frequency);

            await Task.WhenAll(clients.Select((client, index) => Task.Run(() =>
                RunClientAsync(index, client.caller, client.Channel.CreateGrpcService<IOrderService>(), measureFrom, end, created, errors, latencies[index]))))
                .WaitAsync(WarmUp + Duration + TimeSpan.FromSeconds(60));

            Assert.IsEmpty(errors, $"{errors.Count} calls failed, first ones:\n{string.Join("\n", errors.Take(10))}");
            var orders = created.ToList();
            Assert.IsGreaterThan(Clients, orders.Count, "every client created orders");
            Assert.AreEqual(orders.Count, orders.Select(o => o.Order.Id).Distinct().Count(), "no two creates got the same id");

            Report(latencies, orders.Count);

            // Every acknowledged order is readable afterwards, by its creator, as it was created: its own items, not
            // another concurrent create's.
            await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (entry, _) =>
            {
                var got = await clients[entry.Client].Channel.CreateGrpcService<IOrderService>().GetOrderAsync(new GetOrderRequest { Id = entry.Order.Id });
                Assert.AreEqual(Describe(entry.Order), Describe(got), entry.Order.Id);
            });
            var admin = clients.First(c => c.caller.Subject == "admin").Channel.CreateGrpcService<IOrderService>();
            var listed = new List<string>();
            await foreach (var order in admin.ListOrdersAsync(new ListOrdersRequest(), new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(60) }))
            {
                listed.Add(order.Id);
            }
            Assert.HasCount(orders.Count, listed, "admin lists exactly the orders created");
            CollectionAssert.AreEquivalent(orders.Select(o => o.Order.Id).ToList(), listed);
        }
        finally
        {
            clients.ForEach(c => c.Channel.Dispose());
        }
    }

    private static async Task RunClientAsync(int index, (string Token, string Subject, string Customer) caller, IOrderService orders, long measureFrom, long end,
        ConcurrentBag<(Order, int)> created, ConcurrentQueue<string> errors, Dictionary<Operation, List<double>> latencies)
    {
        var sequence = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            try
            {
                var request = new CreateOrderRequest
                {
                    CustomerId = caller.Customer,
                    Items =
                    [
                        new LineItem { ProductId = $"c{index}-{sequence}", Quantity = 1 + (sequence % 5), UnitPrice = 9.99 },
                        new LineItem { ProductId = "p-common", Quantity = 2, UnitPrice = 0.5 },
                    ],
                };
                sequence++;
                var order = await TimeAsync(latencies, Operation.CreateOrder, measureFrom, end, () => orders.CreateOrderAsync(request).AsTask());
                created.Add((order, index));
                // What was asked for (the total is OrderRules' business, tested on its own).
                var asked = Content(new Order { CustomerId = caller.Customer, Items = request.Items, Status = OrderStatus.Pending });
                if (Content(order) != asked)
                {
                    errors.Enqueue($"client {index}: created {order.Id} as {Content(order)}, asked {asked}");
                }

                var got = await TimeAsync(latencies, Operation.GetOrder, measureFrom, end, () => orders.GetOrderAsync(new GetOrderRequest { Id = order.Id }).AsTask());
                if (Describe(got) != Describe(order))
                {
                    errors.Enqueue($"client {index}: got {Describe(got)} for the created {Describe(order)}");
                }

                var listed = await TimeAsync(latencies, Operation.ListOrders, measureFrom, end, async () =>
                {
                    var list = new List<Order>();
                    await foreach (var o in orders.ListOrdersAsync(new ListOrdersRequest { Limit = ListLimit }))
                    {
                        list.Add(o);
                    }
                    return list;
                });
                if (listed.Count is 0 or > ListLimit || (caller.Subject != "admin" && listed.Any(o => o.CustomerId != caller.Subject)))
                {
                    errors.Enqueue($"client {index} ({caller.Subject}): listed {listed.Count} orders of {string.Join(", ", listed.Select(o => o.CustomerId).Distinct())}");
                }
            }
            catch (Exception e)
            {
                errors.Enqueue($"client {index} ({caller.Subject}): {e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>Everything an order holds, as one comparable string.</summary>
    private static string Describe(Order order) => string.Create(CultureInfo.InvariantCulture,
        $"{order.Id} total {order.Total} created {order.CreatedAt:O} updated {order.UpdatedAt:O} {Content(order)}");

    /// <summary>What a client chose: the customer and the items (and the status a new order has).</summary>
    private static string Content(Order order) => string.Create(CultureInfo.InvariantCulture,
        $"{order.CustomerId} {order.Status} [{string.Join(", ", order.Items.Select(i => $"{i.ProductId} x{i.Quantity} @{i.UnitPrice}"))}]");

    /// <summary>Runs <paramref name="call"/>; its latency counts when it started within the measured window.</summary>
    private static async Task<T> TimeAsync<T>(Dictionary<Operation, List<double>> latencies, Operation operation, long measureFrom, long end, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        if (started >= measureFrom && started < end)
        {
            latencies[operation].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return result;
    }

    private void Report(List<Dictionary<Operation, List<double>>> latencies, int created)
    {
        var seconds = Duration.TotalSeconds;
        testContext.WriteLine($"Order service under load: {Clients} clients (own connection each; alice, bob, admin in turn), " +
            $"{Duration.TotalSeconds:F0} s measured after {WarmUp.TotalSeconds:F0} s warm-up, {Environment.ProcessorCount} cores, " +
            $"ListOrders limit {ListLimit}; {created} orders created in all.");
        testContext.WriteLine($"{"operation",-12} {"calls",8} {"calls/s",9} {"p50 ms",8} {"p99 ms",8}");
        var all = new List<double>();
        foreach (var operation in Enum.GetValues<Operation>())
        {
            var samples = latencies.SelectMany(l => l[operation]).ToList();
            all.AddRange(samples);
            testContext.WriteLine(Row(operation.ToString(), samples, seconds));
        }
        testContext.WriteLine(Row("total", all, seconds));
    }

    private static string Row(string name, List<double> samples, double seconds)
    {
        samples.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-12} {samples.Count,8} {samples.Count / seconds,9:F0} {Percentile(samples, 0.50),8:F2} {Percentile(samples, 0.99),8:F2}");
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
