using CodeFirst.Orders.Server.Tests.Infrastructure;
using static CodeFirst.Orders.Server.Tests.Infrastructure.TestOrders;

namespace CodeFirst.Orders.Server.Tests.InMemory;

/// <summary>
/// UpdateOrderStatus (SPEC.md section 3): admin only; PENDING -> CONFIRMED -> SHIPPED, PENDING or CONFIRMED ->
/// CANCELLED; every other move FAILED_PRECONDITION.
/// </summary>
[TestClass]
public sealed class UpdateOrderStatusTests : InMemoryOrderTests<UpdateOrderStatusTests>
{
    [TestMethod]
    public async Task A_customer_is_PERMISSION_DENIED_even_on_its_own_order()
    {
        var order = await Alice.CreateAsync("alice");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => Alice.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = OrderStatus.Cancelled }).AsTask());
        AreSame(order, await Alice.GetAsync(order.Id));
    }

    [TestMethod]
    public async Task A_customer_is_PERMISSION_DENIED_before_the_order_is_looked_up()
    {
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => Alice.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = Guid.NewGuid().ToString(), Status = OrderStatus.Confirmed }).AsTask());
    }

    [TestMethod]
    [DataRow(new[] { OrderStatus.Confirmed, OrderStatus.Shipped }, DisplayName = "PENDING -> CONFIRMED -> SHIPPED")]
    [DataRow(new[] { OrderStatus.Cancelled }, DisplayName = "PENDING -> CANCELLED")]
    [DataRow(new[] { OrderStatus.Confirmed, OrderStatus.Cancelled }, DisplayName = "CONFIRMED -> CANCELLED")]
    public async Task Allowed_moves_succeed_and_advance_updated_at(OrderStatus[] moves)
    {
        var order = await Alice.CreateAsync("alice");
        foreach (var status in moves)
        {
            await Task.Delay(15); // timestamps that could tie would prove nothing
            var moved = await Admin.MoveAsync(order.Id, status);

            Assert.AreEqual(status, moved.Status);
            Assert.AreEqual(order.Id, moved.Id);
            Assert.AreEqual(order.CreatedAt, moved.CreatedAt);
            Assert.IsGreaterThan(order.UpdatedAt!.Value, moved.UpdatedAt!.Value, "updated_at did not advance.");
            Assert.AreEqual(order.Total, moved.Total);
            AreSameItems(order.Items, moved.Items);
            AreSame(moved, await Alice.GetAsync(order.Id));
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
        var order = await InStatusAsync(Admin, "alice", from);

        var failure = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => Admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = to }).AsTask(), $"{from} -> {to}");

        RpcAssert.IsWrongStatus(failure, order.Id);
        AreSame(order, await Admin.GetAsync(order.Id));
    }

    [TestMethod]
    public async Task Status_UNSPECIFIED_is_INVALID_ARGUMENT_naming_status()
    {
        var order = await Alice.CreateAsync("alice");
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => Admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = OrderStatus.Unspecified }).AsTask());
        RpcAssert.NamesExactly(failure, "status");
        AreSame(order, await Alice.GetAsync(order.Id));
    }

    [TestMethod]
    public async Task A_status_outside_the_enum_is_INVALID_ARGUMENT_naming_status()
    {
        var order = await Alice.CreateAsync("alice");
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => Admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = (OrderStatus)42 }).AsTask());
        RpcAssert.NamesExactly(failure, "status");
    }

    [TestMethod]
    public async Task An_empty_id_and_no_status_are_both_named()
    {
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => Admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest()).AsTask());
        RpcAssert.NamesExactly(failure, "id", "status");
    }

    [TestMethod]
    public async Task An_unknown_id_is_NOT_FOUND()
    {
        var id = Guid.NewGuid().ToString();
        var failure = await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => Admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = id, Status = OrderStatus.Confirmed }).AsTask());
        RpcAssert.IsOrderNotFound(failure, id);
    }

    [TestMethod]
    public async Task Concurrent_moves_from_the_same_status_let_exactly_one_win()
    {
        var order = await Alice.CreateAsync("alice");
        var attempts = Enumerable.Range(0, 8)
            .Select(i => Admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = i % 2 == 0 ? OrderStatus.Confirmed : OrderStatus.Cancelled }).AsTask())
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
        var final = (await Admin.GetAsync(order.Id)).Status;
        var succeeded = outcomes.Where(o => o.Code == StatusCode.OK).Select(o => o.Status!.Value).ToList();
        Assert.IsTrue(outcomes.All(o => o.Code is StatusCode.OK or StatusCode.FailedPrecondition or StatusCode.Aborted), string.Join(", ", outcomes));
        Assert.IsTrue(succeeded.Count(s => s == OrderStatus.Confirmed) <= 1 && succeeded.Count(s => s == OrderStatus.Cancelled) <= 1,
            $"Succeeded: {string.Join(", ", succeeded)}");
        Assert.IsNotEmpty(succeeded);
        Assert.AreEqual(succeeded.Contains(OrderStatus.Cancelled) ? OrderStatus.Cancelled : OrderStatus.Confirmed, final);
    }
}
