using System.Buffers.Text;
using System.IO.Pipelines;

namespace CodeFirst.Grpc.AspNetCore.Web;

/// <summary>
/// The response body of a <c>application/grpc-web-text</c> call, encoded to base64 inside the inner writer's own
/// buffer: the server writes its bytes into the last 3/7 of it, and each <see cref="Advance"/> encodes the whole
/// 3-byte groups to its front (4 characters per 3 bytes fit in the other 4/7, so the text never overlaps the bytes).
/// The 1-2 bytes of a last, part group wait for more; a flush pads them. So each flush is one padded chunk, and no
/// byte is copied on the way. The server flushes after each streamed message and after the trailer frame (a unary
/// call's one message waits for the trailer frame), so each chunk is whole frames and a client can decode it as soon
/// as it arrives.
/// </summary>
internal sealed class Base64ResponseWriter(PipeWriter inner) : PipeWriter
{
    private readonly byte[] _carry = new byte[2];
    private int _carryLength;
    // The inner buffer last handed out; the bytes (the carry first) go from _start to its end.
    private Memory<byte> _buffer;
    private int _start;
    private long _unflushed;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        var bytes = _carryLength + Math.Max(sizeHint, 1);
        _buffer = inner.GetMemory(bytes + Base64.GetMaxEncodedToUtf8Length(bytes));
        _start = _buffer.Length - (int)(_buffer.Length * 3L / 7);
        _carry.AsSpan(0, _carryLength).CopyTo(_buffer.Span[_start..]);
        return _buffer[(_start + _carryLength)..];
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if (bytes == 0)
        {
            return;
        }
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, _buffer.Length - _start - _carryLength);
        var buffer = _buffer.Span;
        var data = buffer.Slice(_start, _carryLength + bytes);
        var whole = data.Length / 3 * 3;
        Base64.EncodeToUtf8(data[..whole], buffer[.._start], out _, out var written);
        data[whole..].CopyTo(_carry);
        _carryLength = data.Length - whole;
        inner.Advance(written);
        _unflushed += bytes;
        _buffer = default;
    }

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _unflushed;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        EndChunk();
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        if (exception is null)
        {
            EndChunk();
        }
        inner.Complete(exception);
    }

    /// <summary>Encodes the part group, padded, so the chunk sent so far decodes on its own.</summary>
    private void EndChunk()
    {
        if (_carryLength > 0)
        {
            Base64.EncodeToUtf8(_carry.AsSpan(0, _carryLength), inner.GetSpan(4), out _, out var written);
            inner.Advance(written);
            _carryLength = 0;
        }
        _unflushed = 0;
    }
}
