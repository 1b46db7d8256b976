using CodeFirst.Orders.Server.Tests.Infrastructure;
using static CodeFirst.Orders.Server.Tests.Infrastructure.TestOrders;

namespace CodeFirst.Orders.Server.Tests.InMemory;

/// <summary>
/// UploadLineItems (SPEC.md section 3): the <c>order-id</c> header names a PENDING order the caller owns; the stream
/// is checked whole and stored atomically; the answer is the count and the new total.
/// </summary>
[TestClass]
public sealed class UploadLineItemsTests : InMemoryOrderTests<UploadLineItemsTests>
{
    [TestMethod]
    public async Task Without_the_order_id_header_it_is_INVALID_ARGUMENT_naming_the_header()
    {
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => Alice.UploadLineItemsAsync(AsyncStreams.Of([Item("p-1", 1, 1)])).AsTask());
        RpcAssert.NamesExactly(failure, "order-id");
    }

    [TestMethod]
    public async Task An_unknown_order_is_NOT_FOUND()
    {
        var id = Guid.NewGuid().ToString();
        var failure = await RpcAssert.FailsAsync(StatusCode.NotFound, () => Alice.UploadAsync(id, [Item("p-1", 1, 1)]));
        RpcAssert.IsOrderNotFound(failure, id);
    }

    [TestMethod]
    public async Task Another_customers_order_is_NOT_FOUND_and_unchanged()
    {
        var alices = await Alice.CreateAsync("alice");
        var failure = await RpcAssert.FailsAsync(StatusCode.NotFound, () => Bob.UploadAsync(alices.Id, [Item("p-evil", 1, 1)]));
        RpcAssert.IsOrderNotFound(failure, alices.Id);
        AreSame(alices, await Alice.GetAsync(alices.Id));
    }

    [TestMethod]
    [DataRow(OrderStatus.Confirmed)]
    [DataRow(OrderStatus.Shipped)]
    [DataRow(OrderStatus.Cancelled)]
    public async Task An_order_that_is_not_pending_is_FAILED_PRECONDITION_and_unchanged(OrderStatus status)
    {
        var order = await InStatusAsync(Admin, "alice", status);
        var failure = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Alice.UploadAsync(order.Id, [Item("p-late", 1, 1)]));
        RpcAssert.IsWrongStatus(failure, order.Id);
        AreSame(order, await Alice.GetAsync(order.Id));
    }

    [TestMethod]
    public async Task One_invalid_item_among_many_stores_nothing()
    {
        var order = await Alice.CreateAsync("alice", Item("p-0", 2, 29.99));
        var items = Enumerable.Range(0, 50).Select(i => Item($"u-{i}", 1, 1)).ToList();
        items[37] = Item("u-37", 0, 1);

        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Alice.UploadAsync(order.Id, items));

        RpcAssert.NamesExactly(failure, "items[37].quantity");
        AreSame(order, await Alice.GetAsync(order.Id));
    }

    [TestMethod]
    public async Task Every_invalid_item_of_the_stream_is_named()
    {
        var order = await Alice.CreateAsync("alice");
        LineItem[] items = [Item("u-0", 1, 1), Item("", 1, 1), Item("u-2", 10_001, 1), Item("u-3", 1, double.NaN), Item("u-4", 1, -1), Item("u-5", 1, 1)];

        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Alice.UploadAsync(order.Id, items));

        RpcAssert.NamesExactly(failure, "items[1].product_id", "items[2].quantity", "items[3].unit_price", "items[4].unit_price");
        AreSame(order, await Alice.GetAsync(order.Id));
    }

    [TestMethod]
    public async Task A_valid_stream_is_appended_in_order_and_repriced()
    {
        var order = await Alice.CreateAsync("alice", Item("p-0", 2, 29.99));
        LineItem[] added = [Item("u-1", 1, 0.01), Item("u-2", 3, 1.25), Item("u-3", 2, 10.5), Item("u-4", 3, 0.335)];
        // 59.98 + 0.01 + 3.75 + 21.00 + 1.005 = 85.745, to cents 85.75 (half away from zero)
        const double expectedTotal = 85.75;

        var summary = await Alice.UploadAsync(order.Id, added);

        Assert.AreEqual(order.Id, summary.OrderId);
        Assert.AreEqual(4, summary.ItemsReceived);
        Assert.AreEqual(expectedTotal, summary.Total);
        var stored = await Alice.GetAsync(order.Id);
        AreSameItems([.. order.Items, .. added], stored.Items);
        Assert.AreEqual(expectedTotal, stored.Total);
        Assert.AreEqual(OrderStatus.Pending, stored.Status);
        Assert.AreEqual(order.CreatedAt, stored.CreatedAt);
        Assert.IsGreaterThanOrEqualTo(order.UpdatedAt!.Value, stored.UpdatedAt!.Value);
    }

    [TestMethod]
    public async Task Uploads_accumulate_and_an_admin_may_upload_to_any_pending_order()
    {
        var order = await Alice.CreateAsync("alice", Item("p-0", 1, 1));
        var first = await Alice.UploadAsync(order.Id, [Item("u-1", 1, 2)]);
        var second = await Admin.UploadAsync(order.Id, [Item("u-2", 1, 4), Item("u-3", 1, 8)]);

        Assert.AreEqual(3.0, first.Total);
        Assert.AreEqual(2, second.ItemsReceived);
        Assert.AreEqual(15.0, second.Total);
        AreSameItems([Item("p-0", 1, 1), Item("u-1", 1, 2), Item("u-2", 1, 4), Item("u-3", 1, 8)], (await Alice.GetAsync(order.Id)).Items);
    }

    [TestMethod]
    public async Task Five_thousand_streamed_items_are_all_stored()
    {
        var order = await Alice.CreateAsync("alice", Item("p-0", 1, 0.5));
        var added = Enumerable.Range(0, 5000).Select(i => Item($"u-{i:D4}", 1 + (i % 3), 0.01)).ToList();
        // Σ (1 + i % 3) over 5000 items: 1667 ones, 1667 twos, 1666 threes = 9999 units at 0.01, plus 0.50.
        Assert.AreEqual(9999, added.Sum(i => i.Quantity));
        const double expectedTotal = 100.49;

        var summary = await Alice.UploadLineItemsAsync(AsyncStreams.Of(added), ForOrder(order.Id)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(5000, summary.ItemsReceived);
        Assert.AreEqual(expectedTotal, summary.Total, $"summary.total {summary.Total}");
        var stored = await Alice.GetAsync(order.Id);
        Assert.HasCount(5001, stored.Items);
        AreSameItems([.. order.Items, .. added], stored.Items);
        Assert.AreEqual(expectedTotal, stored.Total);
    }

    [TestMethod]
    public async Task An_empty_stream_receives_0_and_leaves_the_order_as_it_was()
    {
        var order = await Alice.CreateAsync("alice", Item("p-0", 3, 0.1));
        var summary = await Alice.UploadLineItemsAsync(AsyncStreams.Empty<LineItem>(), ForOrder(order.Id)).AsTask().WaitAsync(AsyncStreams.Timeout);

        Assert.AreEqual(order.Id, summary.OrderId);
        Assert.AreEqual(0, summary.ItemsReceived);
        Assert.AreEqual(0.3, summary.Total);
        AreSame(order, await Alice.GetAsync(order.Id));
    }
}
