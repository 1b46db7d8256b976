using CodeFirst.Orders.Server.Tests.Infrastructure;
using static CodeFirst.Orders.Server.Tests.Infrastructure.TestOrders;

namespace CodeFirst.Orders.Server.Tests.InMemory;

/// <summary>
/// UpdateOrderStatus (SPEC.md section 3): admin only; PENDING -> CONFIRMED -> SHIPPED, PENDING or CONFIRMED ->
/// CANCELLED; every other move FAILED_PRECONDITION.
/// </summary>
[TestClass]
public sealed class UpdateOrderStatusTests
{
    private static OrderServiceFactory s_factory = null!;
    private static IOrderService s_alice = null!, s_admin = null!;

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        s_factory = new OrderServiceFactory();
        (s_alice, s_admin) = (s_factory.Client(OrderServiceFactory.Alice), s_factory.Client(OrderServiceFactory.Admin));
    }

    [ClassCleanup]
    public static void Stop() => s_factory.Dispose();

    [TestMethod]
    public async Task A_customer_is_PERMISSION_DENIED_even_on_its_own_order()
    {
        var order = await s_alice.CreateAsync("alice");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => s_alice.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = OrderStatus.Cancelled }).AsTask());
        AreSame(order, await s_alice.GetAsync(order.Id));
    }

    [TestMethod]
    public async Task A_customer_is_PERMISSION_DENIED_before_the_order_is_looked_up()
    {
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => s_alice.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = Guid.NewGuid().ToString(), Status = OrderStatus.Confirmed }).AsTask());
    }

    [TestMethod]
    [DataRow(new[] { OrderStatus.Confirmed, OrderStatus.Shipped }, DisplayName = "PENDING -> CONFIRMED -> SHIPPED")]
    [DataRow(new[] { OrderStatus.Cancelled }, DisplayName = "PENDING -> CANCELLED")]
    [DataRow(new[] { OrderStatus.Confirmed, OrderStatus.Cancelled }, DisplayName = "CONFIRMED -> CANCELLED")]
    public async Task Allowed_moves_succeed_and_advance_updated_at(OrderStatus[] moves)
    {
        var order = await s_alice.CreateAsync("alice");
        foreach (var status in moves)
        {
            await Task.Delay(15); // timestamps that could tie would prove nothing
            var moved = await s_admin.MoveAsync(order.Id, status);

            Assert.AreEqual(status, moved.Status);
            Assert.AreEqual(order.Id, moved.Id);
            Assert.AreEqual(order.CreatedAt, moved.CreatedAt);
            Assert.IsGreaterThan(order.UpdatedAt!.Value, moved.UpdatedAt!.Value, "updated_at did not advance.");
            Assert.AreEqual(order.Total, moved.Total);
            AreSameItems(order.Items, moved.Items);
            AreSame(moved, await s_alice.GetAsync(order.Id));
            order = moved;
        }
    }

    [TestMethod]
    [DataRow(OrderStatus.Pending, OrderStatus.Pending)]
    [DataRow(OrderStatus.Pending, OrderStatus.Shipped)]
    [DataRow(OrderStatus.Confirmed, OrderStatus.Pending)]
    [DataRow(OrderStatus.Confirmed, OrderStatus.Confirmed)]
    [DataRow(OrderStatus.Shipped, OrderStatus.Pending)]
    [DataRow(OrderStatus.Shipped, OrderStatus.Confirmed)]
    [DataRow(OrderStatus.Shipped, OrderStatus.Shipped)]
    [DataRow(OrderStatus.Shipped, OrderStatus.Cancelled)]
    [DataRow(OrderStatus.Cancelled, OrderStatus.Pending)]
    [DataRow(OrderStatus.Cancelled, OrderStatus.Confirmed)]
    [DataRow(OrderStatus.Cancelled, OrderStatus.Shipped)]
    [DataRow(OrderStatus.Cancelled, OrderStatus.Cancelled)]
    public async Task Every_other_move_is_FAILED_PRECONDITION_and_changes_nothing(OrderStatus from, OrderStatus to)
    {
        var order = await InStatusAsync(s_admin, "alice", from);

        var failure = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => s_admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = to }).AsTask(), $"{from} -> {to}");

        RpcAssert.IsWrongStatus(failure, order.Id);
        AreSame(order, await s_admin.GetAsync(order.Id));
    }

    [TestMethod]
    public async Task Status_UNSPECIFIED_is_INVALID_ARGUMENT_naming_status()
    {
        var order = await s_alice.CreateAsync("alice");
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => s_admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = OrderStatus.Unspecified }).AsTask());
        RpcAssert.NamesExactly(failure, "status");
        AreSame(order, await s_alice.GetAsync(order.Id));
    }

    [TestMethod]
    public async Task A_status_outside_the_enum_is_INVALID_ARGUMENT_naming_status()
    {
        var order = await s_alice.CreateAsync("alice");
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => s_admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = (OrderStatus)42 }).AsTask());
        RpcAssert.NamesExactly(failure, "status");
    }

    [TestMethod]
    public async Task An_empty_id_and_no_status_are_both_named()
    {
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => s_admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest()).AsTask());
        RpcAssert.NamesExactly(failure, "id", "status");
    }

    [TestMethod]
    public async Task An_unknown_id_is_NOT_FOUND()
    {
        var id = Guid.NewGuid().ToString();
        var failure = await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => s_admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = id, Status = OrderStatus.Confirmed }).AsTask());
        RpcAssert.IsOrderNotFound(failure, id);
    }

    [TestMethod]
    public async Task Concurrent_moves_from_the_same_status_let_exactly_one_win()
    {
        var order = await s_alice.CreateAsync("alice");
        var attempts = Enumerable.Range(0, 8)
            .Select(i => s_admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = i % 2 == 0 ? OrderStatus.Confirmed : OrderStatus.Cancelled }).AsTask())
            .ToList();
        var outcomes = new List<(OrderStatus? Status, StatusCode Code)>();
        foreach (var attempt in attempts)
        {
            try
            {
                outcomes.Add(((await attempt.WaitAsync(AsyncStreams.Timeout)).Status, StatusCode.OK));
            }
            catch (RpcException e)
            {
                outcomes.Add((null, e.StatusCode));
            }
        }

        // CONFIRMED then CANCELLED is allowed, so up to two may succeed, but never two of the same, never CANCELLED -> CONFIRMED.
        var final = (await s_admin.GetAsync(order.Id)).Status;
        var succeeded = outcomes.Where(o => o.Code == StatusCode.OK).Select(o => o.Status!.Value).ToList();
        Assert.IsTrue(outcomes.All(o => o.Code is StatusCode.OK or StatusCode.FailedPrecondition or StatusCode.Aborted), string.Join(", ", outcomes));
        Assert.IsTrue(succeeded.Count(s => s == OrderStatus.Confirmed) <= 1 && succeeded.Count(s => s == OrderStatus.Cancelled) <= 1,
            $"Succeeded: {string.Join(", ", succeeded)}");
        Assert.IsNotEmpty(succeeded);
        Assert.AreEqual(succeeded.Contains(OrderStatus.Cancelled) ? OrderStatus.Cancelled : OrderStatus.Confirmed, final);
    }
}
