using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Server.Storage;

/// <summary>
/// Where orders and chat messages live. Every write is durable when its task completes: a caller that has
/// acknowledged a write to a client may rely on it surviving a crash. The rules of the service (validation,
/// visibility, transitions) are not here; the store only guarantees atomicity and the conditions it is given.
/// </summary>
internal interface IOrderStore
{
    /// <summary>
    /// Stores <paramref name="order"/>; with an idempotency key, returns the order first stored under it when the
    /// content hash matches, and <see cref="CreateOutcome.KeyReused"/> when it does not.
    /// </summary>
    Task<CreateResult> CreateAsync(Order order, IdempotencyKey? key, CancellationToken cancellationToken);

    /// <summary>The order, or <see langword="null"/> when there is none with that id.</summary>
    Task<Order?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Orders matching <paramref name="query"/>, oldest first, read from storage as they are enumerated.</summary>
    IAsyncEnumerable<Order> ListAsync(OrderQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Appends <paramref name="items"/> to the order in one transaction when its status is still
    /// <see cref="OrderStatus.Pending"/>, and recomputes its total with <paramref name="price"/>.
    /// </summary>
    Task<AppendResult> AppendItemsAsync(string id, IReadOnlyList<LineItem> items, Func<IEnumerable<LineItem>, double> price, DateTime now, CancellationToken cancellationToken);

    /// <summary>Moves the order from <paramref name="from"/> to <paramref name="to"/>; false when its status was no longer <paramref name="from"/>.</summary>
    Task<bool> TryUpdateStatusAsync(string id, OrderStatus from, OrderStatus to, DateTime now, CancellationToken cancellationToken);

    /// <summary>Stores a chat message and returns its sequence number (increasing in storage order).</summary>
    Task<long> AddChatMessageAsync(ChatMessage message, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="count"/> messages of an order's chat, oldest first, with their sequence numbers.</summary>
    Task<IReadOnlyList<(long Sequence, ChatMessage Message)>> GetRecentChatAsync(string orderId, int count, CancellationToken cancellationToken);
}

/// <summary>An idempotency key as the store keeps it: scoped to the caller, with a hash of the request's content.</summary>
/// <param name="Owner">The caller's subject: keys of different callers never collide.</param>
/// <param name="RequestId">The client's key.</param>
/// <param name="ContentHash">SHA-256 of the request without its key.</param>
internal sealed record IdempotencyKey(string Owner, string RequestId, byte[] ContentHash);

/// <summary>What <see cref="IOrderStore.CreateAsync"/> did.</summary>
internal enum CreateOutcome
{
    /// <summary>The order was stored.</summary>
    Created,

    /// <summary>The key was used before for the same content: <see cref="CreateResult.Order"/> is the first order.</summary>
    Replayed,

    /// <summary>The key was used before for other content; nothing was stored.</summary>
    KeyReused,
}

/// <summary>The outcome of <see cref="IOrderStore.CreateAsync"/> and the order it concerns (null for <see cref="CreateOutcome.KeyReused"/>).</summary>
internal readonly record struct CreateResult(CreateOutcome Outcome, Order? Order);

/// <summary>The outcome of <see cref="IOrderStore.AppendItemsAsync"/>: the updated order, or why there is none.</summary>
internal readonly record struct AppendResult(Order? Order, OrderStatus? BlockingStatus)
{
    public bool NotFound => Order is null && BlockingStatus is null;
}

/// <summary>A filter over orders.</summary>
/// <param name="CustomerId">Only this customer's orders, or all when <see langword="null"/>.</param>
/// <param name="Status">Only this status, or any when <see langword="null"/>.</param>
/// <param name="Limit">At most this many, or all when <see langword="null"/>.</param>
internal sealed record OrderQuery(string? CustomerId, OrderStatus? Status, int? Limit);
