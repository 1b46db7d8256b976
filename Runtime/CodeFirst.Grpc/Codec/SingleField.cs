namespace CodeFirst.Grpc.Codec;

/// <summary>A field holding one value with proto3 implicit presence: omitted when default.</summary>
internal static class SingleField
{
    public static int Size<T, TCodec>(int tagSize, T value)
        where TCodec : IProtoCodec<T> =>
        TCodec.IsDefault(value) ? 0 : tagSize + TCodec.Size(value);

    public static void Write<T, TCodec>(ref ProtoWriter writer, uint tag, T value)
        where TCodec : IProtoCodec<T>
    {
        if (!TCodec.IsDefault(value))
        {
            writer.WriteTag(tag);
            TCodec.Write(ref writer, value);
        }
    }

    public static T Read<T, TCodec>(ref ProtoReader reader)
        where TCodec : IProtoCodec<T>
    {
        if (reader.WireType != TCodec.WireType)
        {
            reader.ThrowWrongWireType(TCodec.WireType);
        }
        return TCodec.Read(ref reader);
    }

    /// <summary>An embedded message seen again merges into the one already read, as protobuf specifies.</summary>
    public static T ReadMessage<T>(ref ProtoReader reader, T? existing)
        where T : class
    {
        if (reader.WireType != Google.Protobuf.WireFormat.WireType.LengthDelimited)
        {
            reader.ThrowWrongWireType(Google.Protobuf.WireFormat.WireType.LengthDelimited);
        }
        return MessageFieldCodec<T>.ReadInto(ref reader, existing);
    }
}
