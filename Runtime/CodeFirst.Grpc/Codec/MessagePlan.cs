using CodeFirst.Grpc.Contracts;

namespace CodeFirst.Grpc.Codec;

internal delegate int SizeFunc<in T>(T value);

internal delegate void WriteFunc<in T>(ref ProtoWriter writer, T value);

internal delegate void MergeFunc<in T>(ref ProtoReader reader, T value);

/// <summary>
/// The compiled encoder/decoder of one message type, built once from its <see cref="MessageContract"/>
/// on first use and cached in a static generic field, so looking it up costs one field read.
/// </summary>
internal sealed class MessagePlan<T>
    where T : class
{
    private static MessagePlan<T>? s_instance;

    public MessagePlan(MessageContract contract, Func<T> create, SizeFunc<T> size, WriteFunc<T> write, MergeFunc<T> merge)
    {
        Contract = contract;
        Name = contract.FullName;
        Create = create;
        Size = size;
        Write = write;
        Merge = merge;
    }

    public static MessagePlan<T> Instance => s_instance ?? Build();

    public MessageContract Contract { get; }

    /// <summary>The protobuf name, for error messages.</summary>
    public string Name { get; }

    public Func<T> Create { get; }

    /// <summary>Encoded size of a message's fields (without its own tag or length).</summary>
    public SizeFunc<T> Size { get; }

    /// <summary>Writes a message's fields (without its own tag or length).</summary>
    public WriteFunc<T> Write { get; }

    /// <summary>Reads fields until the reader's current limit, merging them into the message.</summary>
    public MergeFunc<T> Merge { get; }

    private static MessagePlan<T> Build()
    {
        // Compiling twice in a race is harmless; the first plan published wins.
        Interlocked.CompareExchange(ref s_instance, PlanCompiler.Compile<T>(), null);
        return s_instance;
    }
}
