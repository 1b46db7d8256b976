using Google.Protobuf;
using static Google.Protobuf.WireFormat;

namespace CodeFirst.Grpc.Codec;

/// <summary>An embedded message value: a length prefix and the message's fields.</summary>
internal struct MessageFieldCodec<T> : IProtoCodec<T>
    where T : class
{
    public static WireType WireType => WireType.LengthDelimited;

    public static bool IsDefault(T value) => value is null;

    public static int Size(T value)
    {
        var size = MessagePlan<T>.Instance.Size(value);
        return CodedOutputStream.ComputeLengthSize(size) + size;
    }

    public static void Write(ref ProtoWriter writer, T value)
    {
        var plan = MessagePlan<T>.Instance;
        writer.WriteLength(plan.Size(value));
        plan.Write(ref writer, value);
    }

    public static IMessagePlan<T> Message => MessagePlan<T>.Instance;

    public static T Read(ref ProtoReader reader) => ReadInto(ref reader, null);

    public static T Empty() => MessagePlan<T>.Instance.Create();

    /// <summary>Reads an embedded message, merging into <paramref name="existing"/> when there is one (proto merge semantics).</summary>
    public static T ReadInto(ref ProtoReader reader, T? existing)
    {
        var plan = MessagePlan<T>.Instance;
        var frame = reader.EnterMessage(plan.Name, reader.ReadLength());
        var message = existing ?? plan.Create();
        plan.Merge(ref reader, message);
        reader.ExitMessage(frame);
        return message;
    }
}
