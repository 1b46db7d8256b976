using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using Google.Protobuf;

namespace CodeFirst.Grpc.Codec;

/// <summary>
/// Reads protobuf wire primitives from a span, strictly: every read is bounds-checked against the
/// current message's limit and every fault becomes a <see cref="MessageDecodeException"/> naming the
/// message being decoded and the field last read.
/// </summary>
/// <remarks>
/// Google.Protobuf's <c>ParseContext</c> cannot be created outside Google.Protobuf, cannot skip an
/// unknown field without allocating an <c>UnknownFieldSet</c>, and replaces invalid UTF-8 instead of
/// rejecting it; hence this reader.
/// </remarks>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _maxDepth;
    private int _position;
    private int _limit;
    private int _depth;
    private uint _tag;
    private string _messageName;

    public ProtoReader(ReadOnlySpan<byte> buffer, string messageName, int maxDepth)
    {
        _buffer = buffer;
        _limit = buffer.Length;
        _maxDepth = maxDepth;
        _messageName = messageName;
    }

    /// <summary>The tag last read by <see cref="ReadTag"/>.</summary>
    public readonly uint Tag => _tag;

    /// <summary>The wire type of the tag last read.</summary>
    public readonly WireFormat.WireType WireType => (WireFormat.WireType)(_tag & 7);

    /// <summary>Reads the next tag, or returns 0 at the end of the current message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadTag()
    {
        if (_position >= _limit)
        {
            return 0;
        }
        uint tag = _buffer[_position];
        if (tag < 0x80 && tag >= 8 && (tag & 7) <= 5)
        {
            _position++;
            return _tag = tag;
        }
        return ReadTagSlow();
    }

    private uint ReadTagSlow()
    {
        _tag = 0; // a fault in the tag itself is not within the field last read
        var value = ReadVarint64();
        if (value > uint.MaxValue || (value >> 3) == 0)
        {
            throw Fault($"invalid tag {value} (field number 0 or out of range)");
        }
        var tag = (uint)value;
        if ((tag & 7) > 5)
        {
            _tag = tag;
            throw Fault($"invalid wire type {tag & 7}");
        }
        return _tag = tag;
    }

    /// <summary>Consumes the next tag if it equals <paramref name="tag"/> (used for runs of a repeated field).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadTag(uint tag)
    {
        if (tag < 0x80)
        {
            if (_position < _limit && _buffer[_position] == tag)
            {
                _position++;
                return true;
            }
            return false;
        }
        var saved = _position;
        if (_position < _limit && ReadTagSlow() == tag)
        {
            return true;
        }
        _position = saved;
        _tag = tag;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint64()
    {
        if (_position < _limit)
        {
            ulong first = _buffer[_position];
            if (first < 0x80)
            {
                _position++;
                return first;
            }
        }
        return ReadVarint64Slow();
    }

    private ulong ReadVarint64Slow()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _limit)
            {
                throw Fault("truncated varint");
            }
            ulong b = _buffer[_position++];
            result |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw Fault("malformed varint (more than 10 bytes)");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadVarint32() => (uint)ReadVarint64();

    public uint ReadFixed32()
    {
        if (_limit - _position < 4)
        {
            throw Fault("truncated fixed32");
        }
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[_position..]);
        _position += 4;
        return value;
    }

    public ulong ReadFixed64()
    {
        if (_limit - _position < 8)
        {
            throw Fault("truncated fixed64");
        }
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer[_position..]);
        _position += 8;
        return value;
    }

    /// <summary>Reads a length prefix and checks that many bytes remain in the current message.</summary>
    public int ReadLength()
    {
        var length = ReadVarint64();
        if (length > (ulong)(_limit - _position))
        {
            throw Fault(length > int.MaxValue
                ? $"negative or oversized length {(long)length}"
                : $"length {length} runs past the end of the message ({_limit - _position} bytes left)");
        }
        return (int)length;
    }

    /// <summary>Reads a length-delimited payload as a span of the input.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadLength();
        var span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }

    public string ReadString()
    {
        var bytes = ReadLengthDelimited();
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }
        if (!Utf8.IsValid(bytes))
        {
            throw Fault("string is not valid UTF-8");
        }
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Skips the field whose tag was just read.</summary>
    public void SkipField()
    {
        switch (WireType)
        {
            case WireFormat.WireType.Varint:
                ReadVarint64();
                break;
            case WireFormat.WireType.Fixed64:
                Skip(8);
                break;
            case WireFormat.WireType.LengthDelimited:
                var length = ReadLength(); // before the addition: ReadLength moves _position
                _position += length;
                break;
            case WireFormat.WireType.Fixed32:
                Skip(4);
                break;
            case WireFormat.WireType.StartGroup:
                SkipGroup();
                break;
            default:
                throw Fault("unexpected end-group tag");
        }
    }

    private void SkipGroup()
    {
        // Groups are proto2-only, but an unknown field may be one; nesting is bounded like messages.
        var groupTag = _tag;
        Enter();
        while (true)
        {
            var tag = ReadTag();
            if (tag == 0)
            {
                _tag = groupTag;
                throw Fault("truncated group");
            }
            if ((WireFormat.WireType)(tag & 7) == WireFormat.WireType.EndGroup)
            {
                if (tag >> 3 != groupTag >> 3)
                {
                    _tag = groupTag;
                    throw Fault($"mismatched end-group tag (field {tag >> 3})");
                }
                _depth--;
                return;
            }
            SkipField();
        }
    }

    private void Skip(int count)
    {
        if (_limit - _position < count)
        {
            throw Fault("truncated data");
        }
        _position += count;
    }

    /// <summary>True when the current message (or packed run) has no bytes left.</summary>
    public readonly bool AtLimit => _position >= _limit;

    /// <summary>Limits reading to the next <paramref name="length"/> bytes; returns the limit to restore.</summary>
    public int PushLimit(int length)
    {
        var old = _limit;
        _limit = _position + length;
        return old;
    }

    public void PopLimit(int oldLimit)
    {
        if (_position != _limit)
        {
            throw Fault("embedded message did not end at its length");
        }
        _limit = oldLimit;
    }

    /// <summary>
    /// Enters an embedded message of the given name: checks the depth limit and remembers the
    /// enclosing message for error messages. Pass the result to <see cref="ExitMessage"/>.
    /// </summary>
    public Frame EnterMessage(string messageName, int length)
    {
        Enter();
        var frame = new Frame(_messageName, _tag, PushLimit(length));
        _messageName = messageName;
        return frame;
    }

    public void ExitMessage(Frame frame)
    {
        PopLimit(frame.Limit);
        _messageName = frame.MessageName;
        _tag = frame.Tag;
        _depth--;
    }

    private void Enter()
    {
        if (++_depth > _maxDepth)
        {
            throw Fault($"messages nested deeper than the limit of {_maxDepth}");
        }
    }

    /// <summary>Builds the decode exception for the current message and field.</summary>
    public readonly MessageDecodeException Fault(string reason) =>
        new(_messageName, (int)(_tag >> 3), reason);

    [DoesNotReturn]
    public readonly void ThrowWrongWireType(WireFormat.WireType expected) =>
        throw Fault($"wire type {(int)WireType} does not match the field's wire type {(int)expected} ({expected})");

    /// <summary>Saved state of the enclosing message while an embedded one is read.</summary>
    public readonly record struct Frame(string MessageName, uint Tag, int Limit);
}
