namespace CodeFirst.Orders.Contracts;

/// <summary>Request headers that are part of the order service's contract.</summary>
public static class OrderHeaders
{
    /// <summary>
    /// <c>order-id</c>: names the PENDING order an <see cref="IOrderService.UploadLineItemsAsync"/> stream appends to
    /// (a client-streaming call has no request message to carry it).
    /// </summary>
    public const string OrderId = "order-id";
}
