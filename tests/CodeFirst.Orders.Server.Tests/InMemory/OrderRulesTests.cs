using CodeFirst.Orders.Server.Orders;
using static CodeFirst.Orders.Server.Tests.Infrastructure.TestOrders;

namespace CodeFirst.Orders.Server.Tests.InMemory;

/// <summary>The order rules without a server: pricing, the status table, and what a valid CreateOrder is.</summary>
[TestClass]
public sealed class OrderRulesTests
{
    [TestMethod]
    [DataRow(new[] { 3, 1 }, new[] { 0.1, 0.005 }, 0.31)]
    [DataRow(new[] { 1 }, new[] { 1.005 }, 1.01)]
    [DataRow(new[] { 1 }, new[] { 0.025 }, 0.03)]   // half away from zero, not to even (0.02)
    [DataRow(new[] { 1 }, new[] { 0.125 }, 0.13)]   // likewise (to even: 0.12)
    [DataRow(new[] { 1 }, new[] { 0.0049 }, 0.0)]
    [DataRow(new[] { 10, 10 }, new[] { 0.1, 0.2 }, 3.0)]
    [DataRow(new[] { 2 }, new[] { 29.99 }, 59.98)]
    [DataRow(new[] { 1, 1, 1 }, new[] { 0.0, 0.0, 0.0 }, 0.0)]
    [DataRow(new[] { 10_000 }, new[] { 1_000_000_000_000.0 }, 10_000_000_000_000_000.0)]
    public void Total_is_the_exact_sum_rounded_half_away_from_zero_to_cents(int[] quantities, double[] prices, double expected) =>
        Assert.AreEqual(expected, OrderRules.Total(quantities.Select((q, i) => Item($"p-{i}", q, prices[i]))));

    [TestMethod]
    public void Total_of_no_items_is_0() => Assert.AreEqual(0.0, OrderRules.Total([]));

    [TestMethod]
    public void Total_does_not_drift_over_many_items()
    {
        // 100000 × 0.1 summed as doubles is 10000.000000018848; in cents it is exactly 10000.00.
        Assert.AreEqual(10_000.0, OrderRules.Total(Enumerable.Range(0, 100_000).Select(i => Item("p", 1, 0.1))));
        Assert.AreEqual(100_000.0, OrderRules.Total(Enumerable.Range(0, 1000).Select(i => Item("p", 10_000, 0.01))));
    }

    [TestMethod]
    public void CanMove_allows_exactly_the_lifecycle_moves()
    {
        OrderStatus[] all = [OrderStatus.Unspecified, OrderStatus.Pending, OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Cancelled];
        HashSet<(OrderStatus, OrderStatus)> allowed =
        [
            (OrderStatus.Pending, OrderStatus.Confirmed),
            (OrderStatus.Confirmed, OrderStatus.Shipped),
            (OrderStatus.Pending, OrderStatus.Cancelled),
            (OrderStatus.Confirmed, OrderStatus.Cancelled),
        ];
        foreach (var from in all)
        {
            foreach (var to in all)
            {
                Assert.AreEqual(allowed.Contains((from, to)), OrderRules.CanMove(from, to), $"{from} -> {to}");
            }
        }
        Assert.IsFalse(OrderRules.CanMove((OrderStatus)9, OrderStatus.Cancelled));
        Assert.IsFalse(OrderRules.CanMove(OrderStatus.Pending, (OrderStatus)9));
    }

    [TestMethod]
    public void IsKnown_and_WireName_cover_the_enum()
    {
        Assert.IsTrue(Enum.GetValues<OrderStatus>().All(OrderRules.IsKnown));
        Assert.IsFalse(OrderRules.IsKnown((OrderStatus)5));
        Assert.IsFalse(OrderRules.IsKnown((OrderStatus)(-1)));
        Assert.AreEqual("ORDER_STATUS_PENDING", OrderRules.WireName(OrderStatus.Pending));
        Assert.AreEqual("ORDER_STATUS_CANCELLED", OrderRules.WireName(OrderStatus.Cancelled));
        Assert.AreEqual("7", OrderRules.WireName((OrderStatus)7));
    }

    [TestMethod]
    public void A_valid_request_has_no_violations()
    {
        Assert.IsEmpty(OrderRules.Validate(Request("alice", Item("p", 1, 0), Item("q", 10_000, OrderRules.MaxUnitPrice))));
        Assert.IsEmpty(OrderRules.Validate(new CreateOrderRequest
        {
            CustomerId = new string('c', OrderRules.MaxIdLength),
            RequestId = new string('r', OrderRules.MaxIdLength),
            Items = [.. Enumerable.Range(0, OrderRules.MaxItemsPerCreate).Select(i => Item(new string('p', OrderRules.MaxIdLength), 1, 1))],
        }));
    }

    [TestMethod]
    public void Every_bad_field_is_named_once_with_a_description()
    {
        var violations = OrderRules.Validate(new CreateOrderRequest
        {
            CustomerId = " ",
            RequestId = new string('r', OrderRules.MaxIdLength + 1),
            Items =
            [
                Item("ok", 1, 1),
                Item("", 0, -1),
                Item(new string('p', OrderRules.MaxIdLength + 1), 10_001, double.NaN),
                null!,
                Item("ok", 1, double.PositiveInfinity),
                Item("ok", 1, OrderRules.MaxUnitPrice * 10),
            ],
        });

        CollectionAssert.AreEqual(
            new[]
            {
                "customer_id", "request_id",
                "items[1].product_id", "items[1].quantity", "items[1].unit_price",
                "items[2].product_id", "items[2].quantity", "items[2].unit_price",
                "items[3]", "items[4].unit_price", "items[5].unit_price",
            },
            violations.Select(v => v.Field).ToList());
        Assert.IsTrue(violations.All(v => !string.IsNullOrWhiteSpace(v.Description)));
    }

    [TestMethod]
    public void Item_count_is_checked_before_the_items()
    {
        var none = OrderRules.Validate(new CreateOrderRequest { CustomerId = "alice" });
        Assert.AreEqual("items", none.Single().Field);

        var tooMany = OrderRules.Validate(new CreateOrderRequest { CustomerId = "alice", Items = [.. Enumerable.Range(0, 1001).Select(_ => Item("", 0, -1))] });
        Assert.AreEqual("items", tooMany.Single().Field, "Over the limit, the items themselves are not reported.");
    }

    [TestMethod]
    public void Violations_of_a_huge_bad_request_are_bounded()
    {
        var violations = OrderRules.Validate(new CreateOrderRequest { CustomerId = "alice", Items = [.. Enumerable.Range(0, 1000).Select(_ => Item("", 0, -1))] });
        Assert.IsGreaterThanOrEqualTo(OrderRules.MaxViolations, violations.Count);
        Assert.IsLessThan(OrderRules.MaxViolations + 3, violations.Count, "One item adds at most three past the bound.");
        Assert.AreEqual("items[0].product_id", violations[0].Field);
    }
}
