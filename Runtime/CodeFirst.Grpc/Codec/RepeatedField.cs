using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Google.Protobuf;
using static Google.Protobuf.WireFormat;

namespace CodeFirst.Grpc.Codec;

/// <summary>
/// A repeated field. Numeric values are packed (one length-delimited run), as proto3 does by default;
/// strings, bytes and messages repeat their tag. Reading accepts both packed and unpacked runs.
/// </summary>
internal static class RepeatedField
{
    private static bool IsPacked<T, TCodec>()
        where TCodec : IProtoCodec<T> => TCodec.WireType != WireType.LengthDelimited;

    public static int SizeList<T, TCodec>(int tagSize, List<T>? values)
        where TCodec : IProtoCodec<T> =>
        values is null ? 0 : Size<T, TCodec>(tagSize, CollectionsMarshal.AsSpan(values));

    public static int SizeArray<T, TCodec>(int tagSize, T[]? values)
        where TCodec : IProtoCodec<T> =>
        values is null ? 0 : Size<T, TCodec>(tagSize, values);

    public static int SizeEnumerable<T, TCodec>(int tagSize, IEnumerable<T>? values)
        where TCodec : IProtoCodec<T> => values switch
        {
            null => 0,
            T[] array => Size<T, TCodec>(tagSize, array),
            List<T> list => Size<T, TCodec>(tagSize, CollectionsMarshal.AsSpan(list)),
            _ => Size<T, TCodec>(tagSize, values.ToArray()),
        };

    public static void WriteList<T, TCodec>(ref ProtoWriter writer, uint tag, List<T>? values)
        where TCodec : IProtoCodec<T>
    {
        if (values is not null)
        {
            Write<T, TCodec>(ref writer, tag, CollectionsMarshal.AsSpan(values));
        }
    }

    public static void WriteArray<T, TCodec>(ref ProtoWriter writer, uint tag, T[]? values)
        where TCodec : IProtoCodec<T>
    {
        if (values is not null)
        {
            Write<T, TCodec>(ref writer, tag, values);
        }
    }

    public static void WriteEnumerable<T, TCodec>(ref ProtoWriter writer, uint tag, IEnumerable<T>? values)
        where TCodec : IProtoCodec<T>
    {
        switch (values)
        {
            case null:
                return;
            case T[] array:
                Write<T, TCodec>(ref writer, tag, array);
                return;
            case List<T> list:
                Write<T, TCodec>(ref writer, tag, CollectionsMarshal.AsSpan(list));
                return;
            default:
                Write<T, TCodec>(ref writer, tag, values.ToArray());
                return;
        }
    }

    private static int Size<T, TCodec>(int tagSize, ReadOnlySpan<T> values)
        where TCodec : IProtoCodec<T>
    {
        if (values.IsEmpty)
        {
            return 0;
        }
        if (IsPacked<T, TCodec>())
        {
            var payload = PackedPayloadSize<T, TCodec>(values);
            return tagSize + CodedOutputStream.ComputeLengthSize(payload) + payload;
        }
        var size = tagSize * values.Length;
        var plan = TCodec.Message;
        foreach (var value in values)
        {
            if (value is null)
            {
                ThrowNullElement<T>();
            }
            size += plan is null ? TCodec.Size(value) : plan.SizeEmbedded(value);
        }
        return size;
    }

    private static int PackedPayloadSize<T, TCodec>(ReadOnlySpan<T> values)
        where TCodec : IProtoCodec<T>
    {
        switch (TCodec.WireType)
        {
            case WireType.Fixed32:
                return values.Length * 4;
            case WireType.Fixed64:
                return values.Length * 8;
            default:
                var size = 0;
                foreach (var value in values)
                {
                    size += TCodec.Size(value);
                }
                return size;
        }
    }

    private static void Write<T, TCodec>(ref ProtoWriter writer, uint tag, ReadOnlySpan<T> values)
        where TCodec : IProtoCodec<T>
    {
        if (values.IsEmpty)
        {
            return;
        }
        if (IsPacked<T, TCodec>())
        {
            writer.WriteTag(tag);
            writer.WriteLength(PackedPayloadSize<T, TCodec>(values));
            foreach (var value in values)
            {
                TCodec.Write(ref writer, value);
            }
            return;
        }
        var plan = TCodec.Message;
        foreach (var value in values)
        {
            if (value is null)
            {
                ThrowNullElement<T>();
            }
            writer.WriteTag(tag);
            if (plan is null)
            {
                TCodec.Write(ref writer, value);
            }
            else
            {
                plan.WriteEmbedded(ref writer, value);
            }
        }
    }

    /// <summary>Reads a run into a list (created if <paramref name="existing"/> is not one) and returns it.</summary>
    public static List<T> ReadList<T, TCodec>(ref ProtoReader reader, IEnumerable<T>? existing)
        where TCodec : IProtoCodec<T>
    {
        var list = existing as List<T> ?? (existing is null ? [] : [.. existing]);
        ReadValues<T, TCodec>(ref reader, list);
        return list;
    }

    /// <summary>Reads a run and returns <paramref name="existing"/> with the values appended.</summary>
    public static T[] ReadArray<T, TCodec>(ref ProtoReader reader, T[]? existing)
        where TCodec : IProtoCodec<T>
    {
        var list = new List<T>();
        ReadValues<T, TCodec>(ref reader, list);
        if (existing is null || existing.Length == 0)
        {
            return [.. list];
        }
        return [.. existing, .. list];
    }

    /// <summary>Reads a run into a get-only collection member.</summary>
    public static void AddTo<T, TCodec>(ref ProtoReader reader, ICollection<T>? target)
        where TCodec : IProtoCodec<T>
    {
        if (target is null)
        {
            throw reader.Fault("the get-only collection member to decode into is null; initialise it in the constructor or make it settable");
        }
        if (target is List<T> list)
        {
            ReadValues<T, TCodec>(ref reader, list);
            return;
        }
        var values = new List<T>();
        ReadValues<T, TCodec>(ref reader, values);
        foreach (var value in values)
        {
            target.Add(value);
        }
    }

    private static void ReadValues<T, TCodec>(ref ProtoReader reader, List<T> list)
        where TCodec : IProtoCodec<T>
    {
        if (reader.WireType == TCodec.WireType)
        {
            // Unpacked: this value and any that directly follow with the same tag.
            var tag = reader.Tag;
            var plan = TCodec.Message;
            do
            {
                list.Add(plan is null ? TCodec.Read(ref reader) : plan.ReadEmbedded(ref reader, default));
            }
            while (reader.TryReadTag(tag));
            return;
        }
        if (reader.WireType != WireType.LengthDelimited || !IsPacked<T, TCodec>())
        {
            reader.ThrowWrongWireType(TCodec.WireType);
        }
        var length = reader.ReadLength();
        var fixedWidth = TCodec.WireType switch
        {
            WireType.Fixed32 => 4,
            WireType.Fixed64 => 8,
            _ => 0,
        };
        if (fixedWidth > 0)
        {
            // The length is already checked against the input, so this capacity is bounded by it.
            list.EnsureCapacity(list.Count + length / fixedWidth);
        }
        var outer = reader.PushLimit(length);
        while (!reader.AtLimit)
        {
            list.Add(TCodec.Read(ref reader));
        }
        reader.PopLimit(outer);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNullElement<T>() =>
        throw new InvalidOperationException($"A repeated field of {typeof(T).Name} contains a null element; protobuf cannot encode it.");
}
