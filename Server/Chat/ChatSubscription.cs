using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CodeFirst.Grpc;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Server.Chat;

/// <summary>One open chat stream: its place in a room and the bounded buffer of messages waiting for it.</summary>
internal sealed class ChatSubscription : IDisposable
{
    private readonly ChatRooms _rooms;
    private readonly ChatRooms.Room _room;
    private readonly int _capacity;
    private readonly Channel<(long Sequence, ChatMessage Message)> _pending;

    internal ChatSubscription(ChatRooms rooms, ChatRooms.Room room, int capacity)
    {
        _rooms = rooms;
        _room = room;
        _capacity = capacity;
        _pending = Channel.CreateBounded<(long, ChatMessage)>(new BoundedChannelOptions(capacity) { SingleReader = true });
    }

    /// <summary>Stores <paramref name="message"/> and delivers it to every stream in the room, this one included.</summary>
    public Task PostAsync(ChatMessage message, CancellationToken cancellationToken) => _rooms.PostAsync(_room, message, cancellationToken);

    /// <summary>
    /// The messages delivered to this stream with a sequence number above <paramref name="after"/> (the history
    /// the stream was already given), until <see cref="Complete"/>; throws RESOURCE_EXHAUSTED if it fell behind.
    /// </summary>
    public async IAsyncEnumerable<ChatMessage> ReadAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (sequence, message) in _pending.Reader.ReadAllAsync(cancellationToken))
        {
            if (sequence > after)
            {
                yield return message;
            }
        }
    }

    /// <summary>
    /// Waits until this stream's own buffer has room: a sender posts no faster than it reads, so a burst it sends
    /// cannot overflow its own stream. False once the stream has ended.
    /// </summary>
    public ValueTask<bool> WaitForRoomAsync(CancellationToken cancellationToken) => _pending.Writer.WaitToWriteAsync(cancellationToken);

    /// <summary>Ends the stream after the messages already delivered to it.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    /// <summary>Ends the stream with <paramref name="error"/> after the messages already delivered.</summary>
    public void Fail(Exception error) => _pending.Writer.TryComplete(error);

    internal void Deliver(long sequence, ChatMessage message)
    {
        if (!_pending.Writer.TryWrite((sequence, message)))
        {
            _pending.Writer.TryComplete(new RpcException(StatusCode.ResourceExhausted,
                $"This chat stream fell {_capacity} messages behind and was closed; reopen it to catch up from the history."));
        }
    }

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _rooms.Leave(_room, this);
    }
}
