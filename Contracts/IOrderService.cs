using CodeFirst.Grpc;

namespace CodeFirst.Orders.Contracts;

/// <summary>The order service (<c>order.v1.OrderService</c>). Semantics: SPEC.md section 3.</summary>
[GrpcService("order.v1.OrderService")]
public interface IOrderService
{
    /// <summary>Validates, prices and stores a new PENDING order.</summary>
    ValueTask<Order> CreateOrderAsync(CreateOrderRequest request, CallContext context = default);

    /// <summary>One order by id; NOT_FOUND with <c>ErrorInfo</c> when absent or not visible to the caller.</summary>
    ValueTask<Order> GetOrderAsync(GetOrderRequest request, CallContext context = default);

    /// <summary>The caller's orders, oldest first, filtered.</summary>
    IAsyncEnumerable<Order> ListOrdersAsync(ListOrdersRequest request, CallContext context = default);

    /// <summary>Appends the streamed items to the PENDING order named by the <c>order-id</c> request header, atomically.</summary>
    ValueTask<UploadSummary> UploadLineItemsAsync(IAsyncEnumerable<LineItem> items, CallContext context = default);

    /// <summary>A per-order chat room, fanned out to every open stream on that order.</summary>
    IAsyncEnumerable<ChatMessage> OrderChatAsync(IAsyncEnumerable<ChatMessage> messages, CallContext context = default);

    /// <summary>Moves an order along its life cycle; role <c>admin</c> only.</summary>
    ValueTask<Order> UpdateOrderStatusAsync(UpdateOrderStatusRequest request, CallContext context = default);
}
