using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace CodeFirst.Grpc.Codec;

/// <summary>
/// Writes protobuf wire primitives into an <see cref="IBufferWriter{T}"/> (chunk by chunk) or a fixed span.
/// </summary>
/// <remarks>
/// Google.Protobuf has the same primitives in its <c>WriteContext</c>, but that type can only be created
/// inside Google.Protobuf (through <c>IBufferMessage</c>) and writes bytes only from a <c>ByteString</c>,
/// which would allocate per field. This writer keeps the hot path on a span with one bounds check per
/// primitive; sizes come from Google.Protobuf's <c>CodedOutputStream.Compute*Size</c> helpers.
/// </remarks>
internal ref struct ProtoWriter
{
    private readonly IBufferWriter<byte>? _output;
    private Span<byte> _span;
    private int _position;
    private long _flushed;

    public ProtoWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _span = output.GetSpan();
    }

    public ProtoWriter(Span<byte> destination)
    {
        _span = destination;
    }

    /// <summary>Bytes written so far, flushed or not.</summary>
    public readonly long BytesWritten => _flushed + _position;

    /// <summary>Hands the bytes written to the output. Call once at the end.</summary>
    public void Flush()
    {
        if (_output is not null && _position > 0)
        {
            _output.Advance(_position);
            _flushed += _position;
            _span = default;
            _position = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteTag(uint tag) => WriteVarint32(tag);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteLength(int length) => WriteVarint32((uint)length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint32(uint value)
    {
        if (value < 0x80 && _position < _span.Length)
        {
            _span[_position++] = (byte)value;
            return;
        }
        WriteVarint64Slow(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint64(ulong value)
    {
        if (value < 0x80 && _position < _span.Length)
        {
            _span[_position++] = (byte)value;
            return;
        }
        WriteVarint64Slow(value);
    }

    private void WriteVarint64Slow(ulong value)
    {
        // Exactly the bytes needed, not the 10-byte maximum: a destination span may be sized exactly.
        Ensure(Google.Protobuf.CodedOutputStream.ComputeRawVarint64Size(value));
        var span = _span;
        var position = _position;
        while (value >= 0x80)
        {
            span[position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[position++] = (byte)value;
        _position = position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFixed32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_span[_position..], value);
        _position += 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFixed64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_span[_position..], value);
        _position += 8;
    }

    /// <summary>Writes a string's length prefix and UTF-8 bytes (lone surrogates become U+FFFD, as Google.Protobuf does).</summary>
    public void WriteString(string value)
    {
        var byteCount = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteLength(byteCount);
        if (byteCount <= _span.Length - _position)
        {
            _position += System.Text.Encoding.UTF8.GetBytes(value, _span[_position..]);
            return;
        }
        WriteStringChunked(value);
    }

    private void WriteStringChunked(scoped ReadOnlySpan<char> chars)
    {
        while (!chars.IsEmpty)
        {
            // At least 4 bytes free so one whole code point always fits and the loop progresses.
            Ensure(4);
            Utf8.FromUtf16(chars, _span[_position..], out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            chars = chars[read..];
            _position += written;
            if (!chars.IsEmpty)
            {
                Refill(Math.Min(chars.Length * 3, 64 * 1024));
            }
        }
    }

    /// <summary>Writes a length prefix and the bytes.</summary>
    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        WriteLength(value.Length);
        WriteRaw(value);
    }

    public void WriteRaw(scoped ReadOnlySpan<byte> value)
    {
        while (true)
        {
            var free = _span.Length - _position;
            if (value.Length <= free)
            {
                value.CopyTo(_span[_position..]);
                _position += value.Length;
                return;
            }
            value[..free].CopyTo(_span[_position..]);
            _position += free;
            value = value[free..];
            Refill(Math.Min(value.Length, 64 * 1024));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int count)
    {
        if (_span.Length - _position < count)
        {
            Refill(count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Refill(int sizeHint)
    {
        if (_output is null)
        {
            throw new ArgumentException("The destination span is too small for the encoded message.");
        }
        _output.Advance(_position);
        _flushed += _position;
        _position = 0;
        _span = _output.GetSpan(sizeHint);
    }
}
