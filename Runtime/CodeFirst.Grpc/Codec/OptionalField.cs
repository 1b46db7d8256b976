namespace CodeFirst.Grpc.Codec;

/// <summary>A nullable scalar (proto3 <c>optional</c>): written whenever it has a value, even a default one.</summary>
internal static class OptionalField
{
    public static int Size<T, TCodec>(int tagSize, T? value)
        where T : struct
        where TCodec : IProtoCodec<T> =>
        value.HasValue ? tagSize + TCodec.Size(value.GetValueOrDefault()) : 0;

    public static void Write<T, TCodec>(ref ProtoWriter writer, uint tag, T? value)
        where T : struct
        where TCodec : IProtoCodec<T>
    {
        if (value.HasValue)
        {
            writer.WriteTag(tag);
            TCodec.Write(ref writer, value.GetValueOrDefault());
        }
    }

    public static T? Read<T, TCodec>(ref ProtoReader reader)
        where T : struct
        where TCodec : IProtoCodec<T> =>
        SingleField.Read<T, TCodec>(ref reader);
}
