using CodeFirst.Orders.Contracts;
using CodeFirstOrder = CodeFirst.Orders.Contracts.Order;
using GoogleOrder = global::Order.V1.Order;
using GoogleTimestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CodeFirst.Benchmarks;

/// <summary>
/// The benchmark data sets: the spec's order with a given number of line items, built once as our
/// contract and mapped field by field to the protoc-generated message, so both sides hold the same values.
/// </summary>
internal static class OrderData
{
    /// <summary>The line-item counts benchmarked: a typical order and a bulk one.</summary>
    public static readonly int[] ItemCounts = [5, 1000];

    private static readonly string[] Products = ["prod-keyboard-mx", "prod-mouse-ergo", "prod-usb-c-hub-7in1", "prod-monitor-27-4k", "prod-desk-lamp"];
    private static readonly double[] Prices = [89.99, 49.5, 34.95, 329.0, 19.99];

    /// <summary>Deterministic: the same count always yields the same order.</summary>
    public static CodeFirstOrder Create(int items)
    {
        var created = new DateTime(2025, 3, 14, 9, 26, 53, 589, DateTimeKind.Utc).AddTicks(7_930);
        var order = new CodeFirstOrder
        {
            Id = "ord-7f3c9a12-4b8e-4d21-9c6a-2e5f1b0d8a47",
            CustomerId = "cust-000184213",
            Status = OrderStatus.Pending,
            CreatedAt = created,
            UpdatedAt = created.AddMinutes(3).AddSeconds(17.25),
            Items = new List<LineItem>(items),
        };
        for (var i = 0; i < items; i++)
        {
            order.Items.Add(new LineItem
            {
                ProductId = i < Products.Length ? Products[i] : $"{Products[i % Products.Length]}-{i:D5}",
                Quantity = 1 + (i * 7 % 12),
                UnitPrice = Prices[i % Prices.Length] + (i / Products.Length) * 0.25,
            });
        }
        order.Total = Math.Round(order.Items.Sum(item => item.Quantity * item.UnitPrice), 2);
        return order;
    }

    /// <summary>The same order as a protoc-generated message.</summary>
    public static GoogleOrder ToGoogle(CodeFirstOrder order)
    {
        var message = new GoogleOrder
        {
            Id = order.Id,
            CustomerId = order.CustomerId,
            Total = order.Total,
            Status = (global::Order.V1.OrderStatus)(int)order.Status,
            CreatedAt = order.CreatedAt is { } created ? GoogleTimestamp.FromDateTime(created) : null,
            UpdatedAt = order.UpdatedAt is { } updated ? GoogleTimestamp.FromDateTime(updated) : null,
        };
        foreach (var item in order.Items)
        {
            message.Items.Add(new global::Order.V1.LineItem
            {
                ProductId = item.ProductId,
                Quantity = item.Quantity,
                UnitPrice = item.UnitPrice,
            });
        }
        return message;
    }
}
