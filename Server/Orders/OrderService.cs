using System.Security.Cryptography;
using CodeFirst.Grpc;
using CodeFirst.Grpc.ErrorDetails;
using CodeFirst.Orders.Contracts;
using CodeFirst.Orders.Server.Auth;
using CodeFirst.Orders.Server.Chat;
using CodeFirst.Orders.Server.Storage;
using Microsoft.Extensions.Options;

namespace CodeFirst.Orders.Server.Orders;

/// <summary>
/// <c>order.v1.OrderService</c> (SPEC.md section 3). Every method runs for an authenticated caller
/// (<see cref="BearerTokenInterceptor"/>): customers see and change only their own orders, admins all of them;
/// an order the caller may not see is reported exactly as one that does not exist.
/// </summary>
internal sealed class OrderService(IOrderStore store, ChatRooms chat, IOptions<ChatOptions> chatOptions, TimeProvider clock) : IOrderService
{
    /// <summary>How often a status update is retried when another update moved the order first.</summary>
    private const int StatusUpdateAttempts = 3;

    public async ValueTask<Order> CreateOrderAsync(CreateOrderRequest request, CallContext context = default)
    {
        var caller = Caller.From(context);
        var violations = OrderRules.Validate(request);
        if (violations.Count > 0)
        {
            throw OrderErrors.InvalidArgument("The order is not valid", violations);
        }
        if (!caller.CanAccess(request.CustomerId))
        {
            throw OrderErrors.PermissionDenied($"'{caller.Subject}' may create orders only for customer_id '{caller.Subject}', not '{request.CustomerId}'.");
        }
        var now = Now();
        var order = new Order
        {
            Id = Guid.CreateVersion7().ToString(),
            CustomerId = request.CustomerId,
            Items = [.. request.Items],
            Total = OrderRules.Total(request.Items),
            Status = OrderStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var key = request.RequestId.Length == 0 ? null : new IdempotencyKey(caller.Subject, request.RequestId, ContentHash(request));
        var result = await store.CreateAsync(order, key, context.CancellationToken);
        return result.Outcome switch
        {
            CreateOutcome.KeyReused => throw new RpcException(StatusCode.AlreadyExists,
                $"request_id '{request.RequestId}' was already used for a different order; use a new request_id for a new order.",
                [new ErrorInfo { Reason = "REQUEST_ID_REUSED", Domain = OrderErrors.Domain, Metadata = { ["request_id"] = request.RequestId } }]),
            _ => result.Order!,
        };
    }

    public async ValueTask<Order> GetOrderAsync(GetOrderRequest request, CallContext context = default)
    {
        var caller = Caller.From(context);
        RequireId(request.Id, "id");
        return await FindVisibleAsync(caller, request.Id, context.CancellationToken);
    }

    public IAsyncEnumerable<Order> ListOrdersAsync(ListOrdersRequest request, CallContext context = default)
    {
        var caller = Caller.From(context);
        var violations = new List<BadRequestFieldViolation>();
        if (request.Limit < 0)
        {
            OrderRules.Add(violations, "limit", $"must not be negative (0 means no limit), not {request.Limit}");
        }
        if (!OrderRules.IsKnown(request.Status))
        {
            OrderRules.Add(violations, "status", $"{(int)request.Status} is not an OrderStatus");
        }
        if (violations.Count > 0)
        {
            throw OrderErrors.InvalidArgument("The filter is not valid", violations);
        }
        var customer = request.CustomerId.Length == 0 ? null : request.CustomerId;
        if (!caller.IsAdmin)
        {
            if (customer is not null && customer != caller.Subject)
            {
                throw OrderErrors.PermissionDenied($"'{caller.Subject}' may list only its own orders, not customer_id '{customer}'.");
            }
            customer = caller.Subject;
        }
        var query = new OrderQuery(customer,
            request.Status == OrderStatus.Unspecified ? null : request.Status,
            request.Limit == 0 ? null : request.Limit);
        return store.ListAsync(query, context.CancellationToken);
    }

    public async ValueTask<UploadSummary> UploadLineItemsAsync(IAsyncEnumerable<LineItem> items, CallContext context = default)
    {
        var caller = Caller.From(context);
        var cancellationToken = context.CancellationToken;
        var orderId = context.RequestHeaders.GetValue(OrderHeaders.OrderId);
        if (string.IsNullOrWhiteSpace(orderId))
        {
            throw OrderErrors.InvalidArgument("UploadLineItems needs the order", OrderHeaders.OrderId, "request header must name the order to add items to");
        }
        var order = await FindVisibleAsync(caller, orderId, cancellationToken);
        if (order.Status != OrderStatus.Pending)
        {
            throw OrderErrors.WrongStatus(orderId, order.Status, "items can be added to PENDING orders only");
        }

        // Everything is read and checked before anything is stored, so a bad item anywhere stores nothing; the
        // order's item limit bounds what is held here.
        var received = new List<LineItem>();
        var violations = new List<BadRequestFieldViolation>();
        var room = OrderRules.MaxItemsPerOrder - order.Items.Count;
        var index = 0;
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            if (index >= room)
            {
                OrderRules.Add(violations, "items", $"an order holds at most {OrderRules.MaxItemsPerOrder} items; this one has {order.Items.Count}");
                break;
            }
            OrderRules.Validate(item, index++, violations);
            if (violations.Count >= OrderRules.MaxViolations)
            {
                break;
            }
            received.Add(item);
        }
        if (violations.Count > 0)
        {
            throw OrderErrors.InvalidArgument("The upload is not valid and nothing of it was stored", violations);
        }
        if (received.Count == 0)
        {
            return new UploadSummary { OrderId = orderId, ItemsReceived = 0, Total = order.Total };
        }
        var result = await store.AppendItemsAsync(orderId, received, OrderRules.Total, Now(), cancellationToken);
        if (result.NotFound)
        {
            throw OrderErrors.NotFound(orderId);
        }
        if (result.BlockingStatus is { } status)
        {
            throw OrderErrors.WrongStatus(orderId, status, "items can be added to PENDING orders only");
        }
        return new UploadSummary { OrderId = orderId, ItemsReceived = received.Count, Total = result.Order!.Total };
    }

    public async IAsyncEnumerable<ChatMessage> OrderChatAsync(IAsyncEnumerable<ChatMessage> messages, CallContext context = default)
    {
        var caller = Caller.From(context);
        var cancellationToken = context.CancellationToken;
        // Stops reading the request side when the response side ends first (an error, or the client gone).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var incoming = messages.GetAsyncEnumerator(stop.Token);
        if (!await incoming.MoveNextAsync())
        {
            yield break; // closed before saying which order: nothing to join
        }
        var orderId = incoming.Current.OrderId;
        RequireId(orderId, "order_id");
        await FindVisibleAsync(caller, orderId, cancellationToken);

        using var subscription = chat.Join(orderId);
        // Joined before reading the history: a message posted in between is in both, and the sequence skips it once.
        var history = await store.GetRecentChatAsync(orderId, chatOptions.Value.HistorySize, cancellationToken);
        foreach (var (_, message) in history)
        {
            yield return message;
        }
        var posting = PostAllAsync(caller, orderId, incoming, subscription, stop.Token);
        try
        {
            await foreach (var message in subscription.ReadAsync(history.Count == 0 ? 0 : history[^1].Sequence, cancellationToken))
            {
                yield return message;
            }
        }
        finally
        {
            stop.Cancel();
            await posting; // never throws: PostAllAsync hands its failures to the subscription
        }
    }

    /// <summary>
    /// Posts what the client sends, starting with the message that joined (posted unless its text is empty), no
    /// faster than this stream takes its own deliveries, and ends the stream's output when the client has finished
    /// sending; a bad message ends it with the error.
    /// </summary>
    private async Task PostAllAsync(Caller caller, string orderId, IAsyncEnumerator<ChatMessage> incoming, ChatSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            do
            {
                var text = incoming.Current.Text;
                if (text.Length == 0)
                {
                    continue;
                }
                if (text.Length > chatOptions.Value.MaxTextLength)
                {
                    throw OrderErrors.InvalidArgument("The chat message is not valid", "text", $"must be at most {chatOptions.Value.MaxTextLength} characters");
                }
                if (!await subscription.WaitForRoomAsync(cancellationToken))
                {
                    return; // this stream has ended (fell behind, or shutdown): nothing more of it is posted
                }
                var message = new ChatMessage { OrderId = orderId, Sender = caller.Subject, Text = text, SentAt = Now() };
                await subscription.PostAsync(message, cancellationToken);
            }
            while (await incoming.MoveNextAsync());
            subscription.Complete();
        }
        catch (Exception error)
        {
            subscription.Fail(error);
        }
    }

    private async Task<Order> FindVisibleAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var order = await store.GetAsync(id, cancellationToken);
        return order is not null && caller.CanAccess(order.CustomerId) ? order : throw OrderErrors.NotFound(id);
    }

    public async ValueTask<Order> UpdateOrderStatusAsync(UpdateOrderStatusRequest request, CallContext context = default)
    {
        var caller = Caller.From(context);
        if (!caller.IsAdmin)
        {
            throw OrderErrors.PermissionDenied($"UpdateOrderStatus needs the '{Caller.AdminRole}' role, which '{caller.Subject}' does not have.");
        }
        var violations = new List<BadRequestFieldViolation>();
        OrderRules.RequireId(violations, "id", request.Id);
        if (request.Status == OrderStatus.Unspecified || !OrderRules.IsKnown(request.Status))
        {
            OrderRules.Add(violations, "status", "must be ORDER_STATUS_CONFIRMED, ORDER_STATUS_SHIPPED or ORDER_STATUS_CANCELLED");
        }
        if (violations.Count > 0)
        {
            throw OrderErrors.InvalidArgument("The status update is not valid", violations);
        }
        for (var attempt = 0; attempt < StatusUpdateAttempts; attempt++)
        {
            var order = await FindVisibleAsync(caller, request.Id, context.CancellationToken);
            if (!OrderRules.CanMove(order.Status, request.Status))
            {
                throw OrderErrors.WrongStatus(order.Id, order.Status, $"it cannot move to {OrderRules.WireName(request.Status)}");
            }
            var now = Now();
            if (await store.TryUpdateStatusAsync(order.Id, order.Status, request.Status, now, context.CancellationToken))
            {
                order.Status = request.Status;
                order.UpdatedAt = now;
                return order;
            }
            // Another update moved the order between the read and the write: judge the move again from its new status.
        }
        throw new RpcException(StatusCode.Aborted, $"Order '{request.Id}' kept changing while its status was updated; try again.");
    }

    private static void RequireId(string? value, string field)
    {
        var violations = new List<BadRequestFieldViolation>();
        OrderRules.RequireId(violations, field, value);
        if (violations.Count > 0)
        {
            throw OrderErrors.InvalidArgument("The request is not valid", violations);
        }
    }

    /// <summary>What an idempotency key is checked against: the request's encoding without the key itself.</summary>
    private static byte[] ContentHash(CreateOrderRequest request) =>
        SHA256.HashData(MessageCodec.ToByteArray(new CreateOrderRequest { CustomerId = request.CustomerId, Items = request.Items }));

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
