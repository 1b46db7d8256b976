using CodeFirst.Orders.Contracts;
using CodeFirst.Orders.Server.Storage;
using Microsoft.Extensions.Options;

namespace CodeFirst.Orders.Server.Chat;

/// <summary>
/// The open chat rooms of this server, one per order with at least one stream on it. A posted message is stored,
/// then handed to every stream in the room in storage order; each stream has its own bounded buffer, so a slow
/// reader only ever costs itself.
/// </summary>
internal sealed class ChatRooms(IOrderStore store, IOptions<ChatOptions> options)
{
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    /// <summary>Opens a stream on <paramref name="orderId"/>'s room; dispose it to leave.</summary>
    public ChatSubscription Join(string orderId)
    {
        lock (_rooms)
        {
            if (!_rooms.TryGetValue(orderId, out var room))
            {
                _rooms[orderId] = room = new Room(orderId);
            }
            var subscription = new ChatSubscription(this, room, options.Value.ReaderBufferSize);
            room.Subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>
    /// Ends every open stream with <paramref name="error"/> after what was already delivered to it: on shutdown, so
    /// chat clients learn at once to reconnect elsewhere instead of holding the drain to its timeout.
    /// </summary>
    public void CloseAll(Exception error)
    {
        ChatSubscription[] subscriptions;
        lock (_rooms)
        {
            subscriptions = [.. _rooms.Values.SelectMany(room => room.Subscribers)];
        }
        foreach (var subscription in subscriptions)
        {
            subscription.Fail(error);
        }
    }

    /// <summary>How many rooms are open (for tests and diagnostics).</summary>
    public int OpenRooms
    {
        get
        {
            lock (_rooms)
            {
                return _rooms.Count;
            }
        }
    }

    internal async Task PostAsync(Room room, ChatMessage message, CancellationToken cancellationToken)
    {
        // One post at a time per room: storage order is delivery order, for every stream.
        await room.PostLock.WaitAsync(cancellationToken);
        try
        {
            var sequence = await store.AddChatMessageAsync(message, cancellationToken);
            ChatSubscription[] subscribers;
            lock (_rooms)
            {
                subscribers = [.. room.Subscribers];
            }
            foreach (var subscriber in subscribers)
            {
                subscriber.Deliver(sequence, message);
            }
        }
        finally
        {
            room.PostLock.Release();
        }
    }

    internal void Leave(Room room, ChatSubscription subscription)
    {
        lock (_rooms)
        {
            room.Subscribers.Remove(subscription);
            if (room.Subscribers.Count == 0)
            {
                _rooms.Remove(room.OrderId);
            }
        }
    }

    /// <summary>One order's room: its streams (guarded by the rooms' lock) and the lock that orders its posts.</summary>
    internal sealed class Room(string orderId)
    {
        public string OrderId { get; } = orderId;

        public List<ChatSubscription> Subscribers { get; } = [];

        public SemaphoreSlim PostLock { get; } = new(1, 1);
    }
}
