using System.Buffers.Text;
using System.IO.Pipelines;

namespace CodeFirst.Grpc.AspNetCore.Web;

/// <summary>
/// The response body of a <c>application/grpc-web-text</c> call, encoded to base64 where it lies: the server writes
/// straight into the inner writer's buffer (handed out only as large as still fits once encoded), and each
/// <see cref="Advance"/> encodes the whole 3-byte groups in place. The 1-2 bytes of a last, part group wait for
/// more; a flush pads them. So each flush is one padded chunk, with no copy of the bytes in between. The server
/// flushes after each message and after the trailer frame, so each chunk is whole frames and a client can decode it
/// as soon as it arrives.
/// </summary>
internal sealed class Base64ResponseWriter(PipeWriter inner) : PipeWriter
{
    private readonly byte[] _carry = new byte[2];
    private int _carryLength;
    // The inner buffer last handed out, the carry copied to its front; room for the encoded text of _capacity bytes.
    private Memory<byte> _buffer;
    private int _capacity;
    private long _unflushed;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        _buffer = inner.GetMemory(Base64.GetMaxEncodedToUtf8Length(_carryLength + Math.Max(sizeHint, 1)));
        _capacity = _buffer.Length / 4 * 3;
        _carry.AsSpan(0, _carryLength).CopyTo(_buffer.Span);
        return _buffer[_carryLength.._capacity];
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if (bytes == 0)
        {
            return;
        }
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, _capacity - _carryLength);
        var data = _buffer.Span;
        var length = _carryLength + bytes;
        var whole = length / 3 * 3;
        // The part group is saved before the encoded text (longer than the bytes) overwrites it.
        data[whole..length].CopyTo(_carry);
        _carryLength = length - whole;
        Base64.EncodeToUtf8InPlace(data, whole, out var written);
        inner.Advance(written);
        _unflushed += bytes;
        _buffer = default;
        _capacity = 0;
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
