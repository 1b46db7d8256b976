namespace CodeFirst.Orders.Server.Tests.Infrastructure;

/// <summary>Requests and setups the order tests share.</summary>
public static class TestOrders
{
    /// <summary>A line item.</summary>
    public static LineItem Item(string productId, int quantity, double unitPrice) =>
        new() { ProductId = productId, Quantity = quantity, UnitPrice = unitPrice };

    /// <summary>A valid create request for <paramref name="customerId"/>: one item unless <paramref name="items"/> are given.</summary>
    public static CreateOrderRequest Request(string customerId, params LineItem[] items) =>
        new() { CustomerId = customerId, Items = items.Length == 0 ? [Item("p-1", 2, 29.99)] : [.. items] };

    /// <summary>Creates an order, bounded by <see cref="AsyncStreams.Timeout"/>.</summary>
    public static Task<Order> CreateAsync(this IOrderService client, string customerId, params LineItem[] items) =>
        client.CreateOrderAsync(Request(customerId, items)).AsTask().WaitAsync(AsyncStreams.Timeout);

    /// <summary>Reads an order, bounded by <see cref="AsyncStreams.Timeout"/>.</summary>
    public static Task<Order> GetAsync(this IOrderService client, string id) =>
        client.GetOrderAsync(new GetOrderRequest { Id = id }).AsTask().WaitAsync(AsyncStreams.Timeout);

    /// <summary>Moves an order (the client must be an admin's), bounded by <see cref="AsyncStreams.Timeout"/>.</summary>
    public static Task<Order> MoveAsync(this IOrderService admin, string id, OrderStatus status) =>
        admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = id, Status = status }).AsTask().WaitAsync(AsyncStreams.Timeout);

    /// <summary>Lists orders, bounded by <see cref="AsyncStreams.Timeout"/>.</summary>
    public static Task<List<Order>> ListAsync(this IOrderService client, ListOrdersRequest? request = null) =>
        client.ListOrdersAsync(request ?? new ListOrdersRequest()).CollectAsync();

    /// <summary>Call options naming the order an <c>UploadLineItems</c> stream appends to.</summary>
    public static CallOptions ForOrder(string orderId) => new() { Headers = new Metadata { { OrderHeaders.OrderId, orderId } } };

    /// <summary>Uploads <paramref name="items"/> to <paramref name="orderId"/>, bounded by <see cref="AsyncStreams.Timeout"/>.</summary>
    public static Task<UploadSummary> UploadAsync(this IOrderService client, string orderId, IEnumerable<LineItem> items) =>
        client.UploadLineItemsAsync(AsyncStreams.Of(items), ForOrder(orderId)).AsTask().WaitAsync(AsyncStreams.Timeout);

    /// <summary>An order of <paramref name="customerId"/> moved to <paramref name="status"/> by <paramref name="admin"/> along allowed moves.</summary>
    public static async Task<Order> InStatusAsync(IOrderService admin, string customerId, OrderStatus status)
    {
        var order = await admin.CreateAsync(customerId);
        OrderStatus[] path = status switch
        {
            OrderStatus.Pending => [],
            OrderStatus.Confirmed => [OrderStatus.Confirmed],
            OrderStatus.Shipped => [OrderStatus.Confirmed, OrderStatus.Shipped],
            OrderStatus.Cancelled => [OrderStatus.Cancelled],
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Orders are never in this status."),
        };
        foreach (var next in path)
        {
            order = await admin.MoveAsync(order.Id, next);
        }
        Assert.AreEqual(status, order.Status);
        return order;
    }

    /// <summary>Checks two orders are the same in every field.</summary>
    public static void AreSame(Order expected, Order actual)
    {
        Assert.AreEqual(expected.Id, actual.Id);
        Assert.AreEqual(expected.CustomerId, actual.CustomerId);
        Assert.AreEqual(expected.Status, actual.Status);
        Assert.AreEqual(expected.Total, actual.Total);
        Assert.AreEqual(expected.CreatedAt, actual.CreatedAt);
        Assert.AreEqual(expected.UpdatedAt, actual.UpdatedAt);
        AreSameItems(expected.Items, actual.Items);
    }

    /// <summary>Checks two item lists are equal, item by item, in order.</summary>
    public static void AreSameItems(IReadOnlyList<LineItem> expected, IReadOnlyList<LineItem> actual)
    {
        Assert.HasCount(expected.Count, actual);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.AreEqual(expected[i].ProductId, actual[i].ProductId, $"items[{i}].product_id");
            Assert.AreEqual(expected[i].Quantity, actual[i].Quantity, $"items[{i}].quantity");
            Assert.AreEqual(expected[i].UnitPrice, actual[i].UnitPrice, $"items[{i}].unit_price");
        }
    }
}
