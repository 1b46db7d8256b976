using System.Buffers;
using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>
/// The framed request message of a unary or server-streaming call, which every attempt sends. A small frame is a
/// plain array of its exact size; a larger one is in a pooled buffer, which goes back to the pool only when the call
/// and every attempt still writing it have let go: an attempt the call has abandoned may still be copying it into
/// the connection.
/// </summary>
internal sealed class RequestFrame : IBufferWriter<byte>
{
    // A pooled frame costs a reference-counted write (a state machine per attempt) on top of the buffer; up to this
    // size an exact array costs less, and no write has to hold it.
    private const int PooledAbove = 256;

    private byte[] _buffer = [];
    private int _length;
    private int _references = 1;

    public static RequestFrame Create<T>(T message, MessageFrameOptions framing)
        where T : class
    {
        var frame = new RequestFrame();
        try
        {
            MessageFraming.WriteMessage(frame, message, framing);
        }
        catch
        {
            frame.Release();
            throw;
        }
        return frame;
    }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    /// <summary>True when the frame is in a pooled buffer: a write must hold a reference (<see cref="TryAcquire"/>).</summary>
    public bool IsPooled { get; private set; }

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
        if (Interlocked.Decrement(ref _references) == 0 && IsPooled)
        {
            var buffer = _buffer;
            _buffer = [];
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The framing asks once for the whole frame (header and payload), so the first buffer is usually the last.
    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_length);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }
        var size = Math.Max(needed, _buffer.Length * 2);
        var pooled = size > PooledAbove;
        var larger = pooled ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];
        _buffer.AsSpan(0, _length).CopyTo(larger);
        if (IsPooled)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = larger;
        IsPooled = pooled;
    }
}
