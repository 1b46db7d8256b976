using Google.Protobuf;
using static Google.Protobuf.WireFormat;

namespace CodeFirst.Grpc.Codec;

/// <summary>
/// A map field: each entry is an embedded message <c>{ key = 1; value = 2; }</c>, with default keys
/// and values omitted as Google.Protobuf does. Entries are written in the dictionary's order.
/// </summary>
internal static class MapField
{
    private const int EntryTagSize = 1;

    public static int Size<TKey, TKeyCodec, TValue, TValueCodec>(int tagSize, IEnumerable<KeyValuePair<TKey, TValue>>? map)
        where TKey : notnull
        where TKeyCodec : IProtoCodec<TKey>
        where TValueCodec : IProtoCodec<TValue>
    {
        if (map is null)
        {
            return 0;
        }
        var size = 0;
        if (map is Dictionary<TKey, TValue> dictionary)
        {
            foreach (var (key, value) in dictionary)
            {
                size += EntrySizeWithTag<TKey, TKeyCodec, TValue, TValueCodec>(tagSize, key, value);
            }
            return size;
        }
        foreach (var (key, value) in map)
        {
            size += EntrySizeWithTag<TKey, TKeyCodec, TValue, TValueCodec>(tagSize, key, value);
        }
        return size;
    }

    public static void Write<TKey, TKeyCodec, TValue, TValueCodec>(ref ProtoWriter writer, uint tag, IEnumerable<KeyValuePair<TKey, TValue>>? map)
        where TKey : notnull
        where TKeyCodec : IProtoCodec<TKey>
        where TValueCodec : IProtoCodec<TValue>
    {
        if (map is null)
        {
            return;
        }
        if (map is Dictionary<TKey, TValue> dictionary)
        {
            foreach (var (key, value) in dictionary)
            {
                WriteEntry<TKey, TKeyCodec, TValue, TValueCodec>(ref writer, tag, key, value);
            }
            return;
        }
        foreach (var (key, value) in map)
        {
            WriteEntry<TKey, TKeyCodec, TValue, TValueCodec>(ref writer, tag, key, value);
        }
    }

    private static int EntrySizeWithTag<TKey, TKeyCodec, TValue, TValueCodec>(int tagSize, TKey key, TValue value)
        where TKey : notnull
        where TKeyCodec : IProtoCodec<TKey>
        where TValueCodec : IProtoCodec<TValue>
    {
        var entry = EntrySize<TKey, TKeyCodec, TValue, TValueCodec>(key, value);
        return tagSize + CodedOutputStream.ComputeLengthSize(entry) + entry;
    }

    private static int EntrySize<TKey, TKeyCodec, TValue, TValueCodec>(TKey key, TValue value)
        where TKey : notnull
        where TKeyCodec : IProtoCodec<TKey>
        where TValueCodec : IProtoCodec<TValue> =>
        SingleField.Size<TKey, TKeyCodec>(EntryTagSize, key)
        + (TValueCodec.AlwaysInMapEntry ? EntryTagSize + TValueCodec.Size(value) : SingleField.Size<TValue, TValueCodec>(EntryTagSize, value));

    private static void WriteEntry<TKey, TKeyCodec, TValue, TValueCodec>(ref ProtoWriter writer, uint tag, TKey key, TValue value)
        where TKey : notnull
        where TKeyCodec : IProtoCodec<TKey>
        where TValueCodec : IProtoCodec<TValue>
    {
        writer.WriteTag(tag);
        writer.WriteLength(EntrySize<TKey, TKeyCodec, TValue, TValueCodec>(key, value));
        SingleField.Write<TKey, TKeyCodec>(ref writer, MakeTag(1, TKeyCodec.WireType), key);
        if (TValueCodec.AlwaysInMapEntry)
        {
            writer.WriteTag(MakeTag(2, TValueCodec.WireType));
            TValueCodec.Write(ref writer, value);
        }
        else
        {
            SingleField.Write<TValue, TValueCodec>(ref writer, MakeTag(2, TValueCodec.WireType), value);
        }
    }

    /// <summary>Reads one entry into a dictionary (created if <paramref name="existing"/> is not one) and returns it.</summary>
    public static Dictionary<TKey, TValue> Read<TKey, TKeyCodec, TValue, TValueCodec>(ref ProtoReader reader, IEnumerable<KeyValuePair<TKey, TValue>>? existing, string entryName)
        where TKey : notnull
        where TKeyCodec : IProtoCodec<TKey>
        where TValueCodec : IProtoCodec<TValue>
    {
        var dictionary = existing as Dictionary<TKey, TValue> ?? (existing is null ? [] : new Dictionary<TKey, TValue>(existing));
        var (key, value) = ReadEntry<TKey, TKeyCodec, TValue, TValueCodec>(ref reader, entryName);
        dictionary[key] = value;
        return dictionary;
    }

    /// <summary>Reads one entry into a get-only dictionary member.</summary>
    public static void AddTo<TKey, TKeyCodec, TValue, TValueCodec>(ref ProtoReader reader, IDictionary<TKey, TValue>? target, string entryName)
        where TKey : notnull
        where TKeyCodec : IProtoCodec<TKey>
        where TValueCodec : IProtoCodec<TValue>
    {
        if (target is null)
        {
            throw reader.Fault("the get-only dictionary member to decode into is null; initialise it in the constructor or make it settable");
        }
        var (key, value) = ReadEntry<TKey, TKeyCodec, TValue, TValueCodec>(ref reader, entryName);
        target[key] = value;
    }

    private static (TKey Key, TValue Value) ReadEntry<TKey, TKeyCodec, TValue, TValueCodec>(ref ProtoReader reader, string entryName)
        where TKey : notnull
        where TKeyCodec : IProtoCodec<TKey>
        where TValueCodec : IProtoCodec<TValue>
    {
        if (reader.WireType != WireType.LengthDelimited)
        {
            reader.ThrowWrongWireType(WireType.LengthDelimited);
        }
        var frame = reader.EnterMessage(entryName, reader.ReadLength());
        var hasKey = false;
        var hasValue = false;
        TKey key = default!;
        TValue value = default!;
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            switch (tag >> 3)
            {
                case 1:
                    key = SingleField.Read<TKey, TKeyCodec>(ref reader);
                    hasKey = true;
                    break;
                case 2:
                    value = SingleField.Read<TValue, TValueCodec>(ref reader);
                    hasValue = true;
                    break;
                default:
                    reader.SkipField();
                    break;
            }
        }
        reader.ExitMessage(frame);
        return (hasKey ? key : TKeyCodec.Empty(), hasValue ? value : TValueCodec.Empty());
    }

}
