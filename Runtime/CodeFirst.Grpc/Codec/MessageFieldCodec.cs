using static Google.Protobuf.WireFormat;

namespace CodeFirst.Grpc.Codec;

/// <summary>An embedded message value: a length prefix and the message's fields.</summary>
internal struct MessageFieldCodec<T> : IProtoCodec<T>
    where T : class
{
    public static WireType WireType => WireType.LengthDelimited;

    public static bool IsDefault(T value) => value is null;

    public static int Size(T value) => MessagePlan<T>.Instance.SizeEmbedded(value);

    public static void Write(ref ProtoWriter writer, T value) => MessagePlan<T>.Instance.WriteEmbedded(ref writer, value);

    public static MessagePlan<T> Message => MessagePlan<T>.Instance;

    public static T Read(ref ProtoReader reader) => ReadInto(ref reader, null);

    public static T Empty() => MessagePlan<T>.Instance.Create();

    /// <summary>Reads an embedded message, merging into <paramref name="existing"/> when there is one (proto merge semantics).</summary>
    public static T ReadInto(ref ProtoReader reader, T? existing) => MessagePlan<T>.Instance.ReadEmbedded(ref reader, existing);
}
