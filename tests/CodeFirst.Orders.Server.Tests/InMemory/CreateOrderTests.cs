using CodeFirst.Grpc.ErrorDetails;
using CodeFirst.Orders.Server.Tests.Infrastructure;
using static CodeFirst.Orders.Server.Tests.Infrastructure.TestOrders;

namespace CodeFirst.Orders.Server.Tests.InMemory;

/// <summary>CreateOrder (SPEC.md section 3): validation, server-assigned fields, pricing, idempotency, ownership.</summary>
[TestClass]
public sealed class CreateOrderTests : InMemoryOrderTests<CreateOrderTests>
{
    [TestMethod]
    public async Task Every_invalid_field_is_named_in_one_INVALID_ARGUMENT()
    {
        var request = new CreateOrderRequest
        {
            CustomerId = "",
            Items =
            [
                Item("", 1, 1),                         // items[0].product_id
                Item("p-1", 0, 1),                      // items[1].quantity
                Item("p-2", 10_001, 1),                 // items[2].quantity
                Item("p-3", 1, -0.01),                  // items[3].unit_price
                Item("p-4", 1, double.NaN),             // items[4].unit_price
                Item("p-5", 1, double.PositiveInfinity), // items[5].unit_price
                Item("p-6", 1, double.NegativeInfinity), // items[6].unit_price
                Item("p-7", 3, 2.5),                    // valid: not named
                Item("", -1, double.NaN),               // items[8]: all three
            ],
        };

        var before = (await Admin.ListAsync()).Count;
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Admin.CreateOrderAsync(request).AsTask());

        RpcAssert.NamesExactly(failure,
            "customer_id", "items[0].product_id", "items[1].quantity", "items[2].quantity", "items[3].unit_price",
            "items[4].unit_price", "items[5].unit_price", "items[6].unit_price",
            "items[8].product_id", "items[8].quantity", "items[8].unit_price");
        Assert.HasCount(before, await Admin.ListAsync(), "A rejected order was stored.");
    }

    [TestMethod]
    public async Task An_order_without_items_names_items()
    {
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => Alice.CreateOrderAsync(new CreateOrderRequest { CustomerId = "alice" }).AsTask());
        RpcAssert.NamesExactly(failure, "items");
    }

    [TestMethod]
    public async Task An_empty_customer_and_no_items_are_both_named()
    {
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => Alice.CreateOrderAsync(new CreateOrderRequest()).AsTask());
        RpcAssert.NamesExactly(failure, "customer_id", "items");
    }

    [TestMethod]
    public async Task More_than_1000_items_names_items()
    {
        var request = new CreateOrderRequest { CustomerId = "alice", Items = [.. Enumerable.Range(0, 1001).Select(i => Item($"p-{i}", 1, 1))] };
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Alice.CreateOrderAsync(request).AsTask());
        RpcAssert.NamesExactly(failure, "items");
        var violation = failure.GetDetail<BadRequest>()!.FieldViolations.Single();
        StringAssert.Contains(violation.Description, "1000");
    }

    [TestMethod]
    public async Task Boundaries_are_valid_quantity_1_and_10000_price_0_and_1000_items()
    {
        var edges = await Alice.CreateAsync("alice", Item("p-min", 1, 0), Item("p-max", 10_000, 0.5));
        Assert.AreEqual(5000.0, edges.Total);
        AreSameItems([Item("p-min", 1, 0), Item("p-max", 10_000, 0.5)], edges.Items);

        LineItem[] thousand = [.. Enumerable.Range(0, 1000).Select(i => Item($"p-{i}", 10_000, 0.01))];
        var full = await Alice.CreateAsync("alice", thousand);
        Assert.HasCount(1000, full.Items);
        Assert.AreEqual("p-999", full.Items[999].ProductId);
        Assert.AreEqual(100_000.0, full.Total, "1000 × 10000 × 0.01 is exactly 100000.00");
        AreSameItems(thousand, (await Alice.GetAsync(full.Id)).Items);
    }

    [TestMethod]
    public async Task The_server_assigns_id_timestamps_and_PENDING()
    {
        var before = DateTime.UtcNow;
        var first = await Alice.CreateAsync("alice", Item("p-1", 2, 29.99));
        var second = await Alice.CreateAsync("alice", Item("p-1", 2, 29.99));
        var after = DateTime.UtcNow;

        foreach (var order in new[] { first, second })
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(order.Id));
            Assert.AreEqual("alice", order.CustomerId);
            Assert.AreEqual(OrderStatus.Pending, order.Status);
            Assert.IsNotNull(order.CreatedAt);
            Assert.IsTrue(order.CreatedAt >= before.AddMilliseconds(-1) && order.CreatedAt <= after.AddMilliseconds(1),
                $"created_at {order.CreatedAt:O} is not between {before:O} and {after:O}");
            Assert.AreEqual(order.CreatedAt, order.UpdatedAt, "A new order was last updated when it was created.");
            Assert.AreEqual(59.98, order.Total);
            AreSame(order, await Alice.GetAsync(order.Id));
        }
        Assert.AreNotEqual(first.Id, second.Id, "Two creates without a request_id are two orders.");
    }

    [TestMethod]
    // 3 × 0.1 + 1 × 0.005 = 0.305: to cents 0.31 (summed as doubles it is 0.30500000000000005, unrounded).
    [DataRow(new[] { 3, 1 }, new[] { 0.1, 0.005 }, 0.31)]
    // 1.005 as a double is 1.00499999999999989...: a price of 1.005 still rounds half away from zero to 1.01.
    [DataRow(new[] { 1 }, new[] { 1.005 }, 1.01)]
    // 10 × 0.1 + 10 × 0.2 = 3.00 exactly (as doubles, 3.0000000000000004).
    [DataRow(new[] { 10, 10 }, new[] { 0.1, 0.2 }, 3.0)]
    // 0.004 rounds down, 0.005 up: 0.001 + 0.003 = 0.004 -> 0.00; 3 × 0.0015 = 0.0045 -> 0.00; 0.005 -> 0.01.
    [DataRow(new[] { 1, 1 }, new[] { 0.001, 0.003 }, 0.0)]
    [DataRow(new[] { 3 }, new[] { 0.0015 }, 0.0)]
    [DataRow(new[] { 1 }, new[] { 0.005 }, 0.01)]
    // 7 × 19.99 + 2 × 0.333 = 139.93 + 0.666 = 140.596 -> 140.60.
    [DataRow(new[] { 7, 2 }, new[] { 19.99, 0.333 }, 140.6)]
    [DataRow(new[] { 10_000 }, new[] { 999_999.99 }, 9_999_999_900.0)]
    public async Task The_total_is_the_sum_rounded_to_cents(int[] quantities, double[] prices, double expected)
    {
        var items = quantities.Select((quantity, i) => Item($"p-{i}", quantity, prices[i])).ToArray();
        var order = await Alice.CreateAsync("alice", items);
        Assert.AreEqual(expected, order.Total, $"total of {string.Join(" + ", items.Select(i => $"{i.Quantity} × {i.UnitPrice}"))}");
        Assert.AreEqual(expected, (await Alice.GetAsync(order.Id)).Total, "The stored total differs from the returned one.");
    }

    [TestMethod]
    public async Task The_same_request_id_and_content_returns_the_first_order()
    {
        var request = Request("alice", Item("p-1", 1, 5), Item("p-2", 2, 1.25));
        request.RequestId = "retry-" + Guid.NewGuid();
        var first = await Alice.CreateOrderAsync(request).AsTask().WaitAsync(AsyncStreams.Timeout);
        var retry = await Alice.CreateOrderAsync(request).AsTask().WaitAsync(AsyncStreams.Timeout);
        var again = await Alice.CreateAsync("alice", Item("p-1", 1, 5), Item("p-2", 2, 1.25));

        AreSame(first, retry);
        Assert.AreNotEqual(first.Id, again.Id, "Without the request_id the same content is a new order.");
        var listed = (await Alice.ListAsync()).Where(o => o.Id == first.Id).ToList();
        Assert.HasCount(1, listed, "The retry stored a second copy.");
    }

    [TestMethod]
    public async Task The_same_request_id_with_other_content_is_ALREADY_EXISTS_REQUEST_ID_REUSED()
    {
        var key = "reuse-" + Guid.NewGuid();
        var first = await Alice.CreateOrderAsync(new CreateOrderRequest { CustomerId = "alice", Items = [Item("p-1", 1, 5)], RequestId = key })
            .AsTask().WaitAsync(AsyncStreams.Timeout);
        var ordersBefore = (await Alice.ListAsync()).Count;

        var failure = await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => Alice.CreateOrderAsync(
            new CreateOrderRequest { CustomerId = "alice", Items = [Item("p-1", 2, 5)], RequestId = key }).AsTask());

        var info = failure.GetDetail<ErrorInfo>();
        Assert.IsNotNull(info, "ALREADY_EXISTS without ErrorInfo");
        Assert.AreEqual("REQUEST_ID_REUSED", info.Reason);
        Assert.AreEqual("order.v1", info.Domain);
        Assert.AreEqual(key, info.Metadata["request_id"]);
        Assert.HasCount(ordersBefore, await Alice.ListAsync(), "The rejected request stored an order.");
        AreSame(first, await Alice.GetAsync(first.Id));
    }

    [TestMethod]
    public async Task Request_ids_are_per_caller()
    {
        var key = "shared-" + Guid.NewGuid();
        var alices = await Alice.CreateOrderAsync(new CreateOrderRequest { CustomerId = "alice", Items = [Item("p-1", 1, 5)], RequestId = key })
            .AsTask().WaitAsync(AsyncStreams.Timeout);

        // Bob's key is his own: other content under it is a new order, not REQUEST_ID_REUSED.
        var bobs = await Bob.CreateOrderAsync(new CreateOrderRequest { CustomerId = "bob", Items = [Item("p-9", 9, 9)], RequestId = key })
            .AsTask().WaitAsync(AsyncStreams.Timeout);
        Assert.AreEqual("bob", bobs.CustomerId);
        Assert.AreNotEqual(alices.Id, bobs.Id);

        // Bob replaying Alice's exact request gets neither her order nor a new one: he may not create for her.
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Bob.CreateOrderAsync(
            new CreateOrderRequest { CustomerId = "alice", Items = [Item("p-1", 1, 5)], RequestId = key }).AsTask());

        // The admin replaying Alice's exact request under the same key creates its own order.
        var admins = await Admin.CreateOrderAsync(new CreateOrderRequest { CustomerId = "alice", Items = [Item("p-1", 1, 5)], RequestId = key })
            .AsTask().WaitAsync(AsyncStreams.Timeout);
        Assert.AreNotEqual(alices.Id, admins.Id, "The admin's key returned Alice's order.");

        // And each key still replays for its own caller.
        Assert.AreEqual(bobs.Id, (await Bob.CreateOrderAsync(new CreateOrderRequest { CustomerId = "bob", Items = [Item("p-9", 9, 9)], RequestId = key })).Id);
        Assert.AreEqual(alices.Id, (await Alice.CreateOrderAsync(new CreateOrderRequest { CustomerId = "alice", Items = [Item("p-1", 1, 5)], RequestId = key })).Id);
    }

    [TestMethod]
    public async Task A_customer_creating_for_another_customer_is_PERMISSION_DENIED()
    {
        var before = (await Admin.ListAsync(new ListOrdersRequest { CustomerId = "bob" })).Count;
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Alice.CreateOrderAsync(Request("bob")).AsTask());
        Assert.HasCount(before, await Admin.ListAsync(new ListOrdersRequest { CustomerId = "bob" }), "The denied order was stored.");
    }

    [TestMethod]
    public async Task An_admin_creates_for_any_customer()
    {
        var forCarol = await Admin.CreateAsync("carol", Item("p-1", 1, 1));
        Assert.AreEqual("carol", forCarol.CustomerId);
        var forBob = await Admin.CreateAsync("bob", Item("p-1", 1, 1));
        Assert.AreEqual("bob", forBob.CustomerId);
        AreSame(forBob, await Bob.GetAsync(forBob.Id));
    }
}
