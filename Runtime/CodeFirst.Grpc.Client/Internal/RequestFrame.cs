using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>
/// The framed request message of a unary or server-streaming call, in a pooled buffer that every attempt sends.
/// The buffer goes back to the pool only when the call and every attempt still writing it have let go: an attempt
/// the call has abandoned may still be copying it into the connection.
/// </summary>
internal sealed class RequestFrame
{
    private readonly PooledBufferWriter _buffer = new();
    private int _references = 1;

    public static RequestFrame Create<T>(T message, MessageFrameOptions framing)
        where T : class
    {
        var frame = new RequestFrame();
        try
        {
            MessageFraming.WriteMessage(frame._buffer, message, framing);
        }
        catch
        {
            frame.Release();
            throw;
        }
        return frame;
    }

    public ReadOnlyMemory<byte> Memory => _buffer.WrittenMemory;

    public int Length => _buffer.WrittenCount;

    /// <summary>Takes a reference for a write; false once the frame has been released for good.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _buffer.Dispose();
        }
    }
}
