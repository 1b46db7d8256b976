using System.Diagnostics;
using CodeFirst.Orders.Server.Tests.Infrastructure;
using static CodeFirst.Orders.Server.Tests.Infrastructure.TestOrders;

namespace CodeFirst.Orders.Server.Tests.InMemory;

/// <summary>
/// ListOrders (SPEC.md section 3): oldest first, visibility, filters, limit, and a large result set streamed to the
/// end or stopped promptly. The rules run on a server of their own per test; the large set is seeded once.
/// </summary>
[TestClass]
public sealed class ListOrdersTests
{
    private const int LargeCount = 3000;

    private static OrderServiceFactory s_large = null!;
    private static List<string> s_largeIds = null!;

    [ClassInitialize]
    public static async Task SeedLargeSet(TestContext _)
    {
        s_large = new OrderServiceFactory();
        var dave = s_large.Client(OrderServiceFactory.Admin);
        s_largeIds = new List<string>(LargeCount);
        for (var i = 0; i < LargeCount; i++)
        {
            s_largeIds.Add((await dave.CreateAsync("dave", Item($"p-{i:D4}", 1 + (i % 7), 0.5))).Id);
        }
    }

    [ClassCleanup]
    public static void Stop() => s_large.Dispose();

    [TestMethod]
    public async Task Oldest_first_a_customer_sees_only_its_own_and_an_admin_all()
    {
        using var factory = new OrderServiceFactory();
        var (alice, bob, admin) = (factory.Client(OrderServiceFactory.Alice), factory.Client(OrderServiceFactory.Bob), factory.Client(OrderServiceFactory.Admin));
        var a1 = await alice.CreateAsync("alice", Item("a-1", 1, 1));
        var a2 = await alice.CreateAsync("alice", Item("a-2", 2, 2));
        var b1 = await bob.CreateAsync("bob", Item("b-1", 1, 3));
        var a3 = await alice.CreateAsync("alice", Item("a-3", 3, 4));
        var b2 = await bob.CreateAsync("bob", Item("b-2", 2, 5));
        var a4 = await admin.CreateAsync("alice", Item("a-4", 4, 6));

        AreSameOrders([a1, a2, a3, a4], await alice.ListAsync());
        AreSameOrders([b1, b2], await bob.ListAsync());
        AreSameOrders([a1, a2, b1, a3, b2, a4], await admin.ListAsync());
    }

    [TestMethod]
    public async Task An_admin_filters_by_customer_id()
    {
        using var factory = new OrderServiceFactory();
        var admin = factory.Client(OrderServiceFactory.Admin);
        var a1 = await admin.CreateAsync("alice");
        var b1 = await admin.CreateAsync("bob");
        var a2 = await admin.CreateAsync("alice");

        AreSameOrders([a1, a2], await admin.ListAsync(new ListOrdersRequest { CustomerId = "alice" }));
        AreSameOrders([b1], await admin.ListAsync(new ListOrdersRequest { CustomerId = "bob" }));
        Assert.IsEmpty(await admin.ListAsync(new ListOrdersRequest { CustomerId = "nobody" }));
    }

    [TestMethod]
    public async Task A_customer_may_filter_by_itself_but_not_by_another_customer()
    {
        using var factory = new OrderServiceFactory();
        var (alice, bob) = (factory.Client(OrderServiceFactory.Alice), factory.Client(OrderServiceFactory.Bob));
        var mine = await alice.CreateAsync("alice");
        await bob.CreateAsync("bob");

        AreSameOrders([mine], await alice.ListAsync(new ListOrdersRequest { CustomerId = "alice" }));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => alice.ListAsync(new ListOrdersRequest { CustomerId = "bob" }));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => alice.ListAsync(new ListOrdersRequest { CustomerId = "nobody" }));
    }

    [TestMethod]
    public async Task The_status_filter_selects_one_status()
    {
        using var factory = new OrderServiceFactory();
        var (alice, bob, admin) = (factory.Client(OrderServiceFactory.Alice), factory.Client(OrderServiceFactory.Bob), factory.Client(OrderServiceFactory.Admin));
        var pending1 = await InStatusAsync(admin, "alice", OrderStatus.Pending);
        var confirmed = await InStatusAsync(admin, "alice", OrderStatus.Confirmed);
        var cancelled = await InStatusAsync(admin, "alice", OrderStatus.Cancelled);
        var shipped = await InStatusAsync(admin, "alice", OrderStatus.Shipped);
        var pending2 = await InStatusAsync(admin, "alice", OrderStatus.Pending);
        var bobsPending = await InStatusAsync(admin, "bob", OrderStatus.Pending);

        AreSameOrders([pending1, pending2], await alice.ListAsync(new ListOrdersRequest { Status = OrderStatus.Pending }));
        AreSameOrders([confirmed], await alice.ListAsync(new ListOrdersRequest { Status = OrderStatus.Confirmed }));
        AreSameOrders([shipped], await alice.ListAsync(new ListOrdersRequest { Status = OrderStatus.Shipped }));
        AreSameOrders([cancelled], await alice.ListAsync(new ListOrdersRequest { Status = OrderStatus.Cancelled }));
        AreSameOrders([pending1, confirmed, cancelled, shipped, pending2], await alice.ListAsync(new ListOrdersRequest { Status = OrderStatus.Unspecified }));
        AreSameOrders([bobsPending], await bob.ListAsync(new ListOrdersRequest { Status = OrderStatus.Pending }));
        AreSameOrders([pending1, pending2, bobsPending], await admin.ListAsync(new ListOrdersRequest { Status = OrderStatus.Pending }));
        AreSameOrders([bobsPending], await admin.ListAsync(new ListOrdersRequest { Status = OrderStatus.Pending, CustomerId = "bob" }));
    }

    [TestMethod]
    public async Task The_limit_keeps_the_oldest()
    {
        using var factory = new OrderServiceFactory();
        var (alice, admin) = (factory.Client(OrderServiceFactory.Alice), factory.Client(OrderServiceFactory.Admin));
        var orders = new List<Order>();
        for (var i = 0; i < 5; i++)
        {
            orders.Add(await alice.CreateAsync("alice", Item($"p-{i}", 1, i)));
        }
        orders[0] = await admin.MoveAsync(orders[0].Id, OrderStatus.Cancelled);

        AreSameOrders(orders[..2], await alice.ListAsync(new ListOrdersRequest { Limit = 2 }));
        AreSameOrders(orders[..1], await alice.ListAsync(new ListOrdersRequest { Limit = 1 }));
        Assert.HasCount(5, await alice.ListAsync(new ListOrdersRequest { Limit = 5 }));
        Assert.HasCount(5, await alice.ListAsync(new ListOrdersRequest { Limit = 100 }));
        Assert.HasCount(5, await alice.ListAsync(new ListOrdersRequest { Limit = 0 }), "0 means no limit.");
        // The limit counts matching orders: the two oldest PENDING ones are the 2nd and 3rd.
        AreSameOrders(orders[1..3], await alice.ListAsync(new ListOrdersRequest { Limit = 2, Status = OrderStatus.Pending }));
    }

    [TestMethod]
    public async Task A_negative_limit_is_INVALID_ARGUMENT_naming_limit()
    {
        using var factory = new OrderServiceFactory();
        var alice = factory.Client(OrderServiceFactory.Alice);
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.ListAsync(new ListOrdersRequest { Limit = -1 }));
        RpcAssert.NamesExactly(failure, "limit");
    }

    [TestMethod]
    public async Task A_status_outside_the_enum_is_INVALID_ARGUMENT_naming_status()
    {
        using var factory = new OrderServiceFactory();
        var alice = factory.Client(OrderServiceFactory.Alice);
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.ListAsync(new ListOrdersRequest { Status = (OrderStatus)99 }));
        RpcAssert.NamesExactly(failure, "status");
    }

    [TestMethod]
    public async Task A_large_result_set_streams_completely_and_in_order()
    {
        var admin = s_large.Client(OrderServiceFactory.Admin);
        var listed = await admin.ListOrdersAsync(new ListOrdersRequest { CustomerId = "dave" }).CollectAsync(TimeSpan.FromSeconds(30));

        CollectionAssert.AreEqual(s_largeIds, listed.Select(o => o.Id).ToList(), "Not every order, or not oldest first.");
        for (var i = 0; i < listed.Count; i++)
        {
            Assert.HasCount(1, listed[i].Items);
            Assert.AreEqual($"p-{i:D4}", listed[i].Items[0].ProductId);
            Assert.AreEqual(0.5 * (1 + (i % 7)), listed[i].Total);
        }
    }

    [TestMethod]
    public async Task Leaving_the_loop_early_ends_the_call_on_the_server()
    {
        var admin = s_large.Client(OrderServiceFactory.Admin);
        using var observer = new ServerCallObserver();
        var read = new List<string>();
        var clock = Stopwatch.StartNew();
        await ReadSome().WaitAsync(AsyncStreams.Timeout);

        CollectionAssert.AreEqual(s_largeIds[..5], read);
        var serverStatus = await observer.Ended.WaitAsync(AsyncStreams.Timeout);
        Assert.AreNotEqual(StatusCode.OK, serverStatus, "The server streamed all the orders although the client left after 5.");
        Assert.IsLessThan(TimeSpan.FromSeconds(5), clock.Elapsed);
        Assert.HasCount(3, await admin.ListAsync(new ListOrdersRequest { Limit = 3 }), "The server is not usable after a cancelled list.");

        async Task ReadSome()
        {
            await foreach (var order in admin.ListOrdersAsync(new ListOrdersRequest(), new CallOptions { Headers = observer.Headers }))
            {
                read.Add(order.Id);
                if (read.Count == 5)
                {
                    break;
                }
            }
        }
    }

    [TestMethod]
    public async Task A_deadline_ends_a_slowly_read_list_with_DEADLINE_EXCEEDED()
    {
        var admin = s_large.Client(OrderServiceFactory.Admin);
        using var observer = new ServerCallObserver();
        var read = 0;
        var clock = Stopwatch.StartNew();
        var options = new CallOptions { Headers = observer.Headers, Deadline = DateTime.UtcNow.AddMilliseconds(500) };

        var failure = await RpcAssert.FailsAsync(StatusCode.DeadlineExceeded, async () =>
        {
            await foreach (var order in admin.ListOrdersAsync(new ListOrdersRequest(), options))
            {
                read++;
                await Task.Delay(10);
            }
        });

        Assert.IsLessThan(TimeSpan.FromSeconds(5), clock.Elapsed, $"The deadline of 500 ms ended the call after {clock.Elapsed}.");
        Assert.IsTrue(read is > 0 and < LargeCount, $"{read} orders were read before the deadline.");
        var serverStatus = await observer.Ended.WaitAsync(AsyncStreams.Timeout);
        Assert.IsTrue(serverStatus is StatusCode.DeadlineExceeded or StatusCode.Cancelled, $"The server ended the call with {serverStatus}. {failure.Status}");
    }

    [TestMethod]
    public async Task Cancelling_ends_the_list_with_CANCELLED_on_both_sides()
    {
        var admin = s_large.Client(OrderServiceFactory.Admin);
        using var observer = new ServerCallObserver();
        using var cancel = new CancellationTokenSource();
        var read = 0;
        var options = new CallOptions { Headers = observer.Headers, CancellationToken = cancel.Token };

        await RpcAssert.FailsAsync(StatusCode.Cancelled, async () =>
        {
            await foreach (var order in admin.ListOrdersAsync(new ListOrdersRequest(), options))
            {
                if (++read == 10)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.IsLessThan(LargeCount, read);
        var serverStatus = await observer.Ended.WaitAsync(AsyncStreams.Timeout);
        Assert.AreNotEqual(StatusCode.OK, serverStatus, "The server streamed every order although the client cancelled.");
    }

    private static void AreSameOrders(IReadOnlyList<Order> expected, IReadOnlyList<Order> listed)
    {
        CollectionAssert.AreEqual(expected.Select(o => o.Id).ToList(), listed.Select(o => o.Id).ToList(), "Not the expected orders, oldest first.");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.AreEqual(expected[i].CustomerId, listed[i].CustomerId);
            Assert.AreEqual(expected[i].Status, listed[i].Status);
            Assert.AreEqual(expected[i].Total, listed[i].Total);
            AreSameItems(expected[i].Items, listed[i].Items);
        }
    }
}
