using CodeFirst.Grpc.Contracts;

namespace CodeFirst.Grpc.Codec;

internal delegate int SizeFunc<in T>(T value);

internal delegate void WriteFunc<in T>(ref ProtoWriter writer, T value);

internal delegate void MergeFunc<in T>(ref ProtoReader reader, T value);

/// <summary>A message type's compiled plan, seen from code that cannot require <typeparamref name="T"/> to be a class.</summary>
internal interface IMessagePlan<T>
{
    /// <summary>The protobuf name, for error messages.</summary>
    string Name { get; }

    /// <summary>Creates an empty message.</summary>
    Func<T> Create { get; }

    /// <summary>Encoded size of a message's fields (without its own tag or length).</summary>
    SizeFunc<T> Size { get; }

    /// <summary>Writes a message's fields (without its own tag or length).</summary>
    WriteFunc<T> Write { get; }

    /// <summary>Reads fields until the reader's current limit, merging them into the message.</summary>
    MergeFunc<T> Merge { get; }
}

/// <summary>
/// The compiled encoder/decoder of one message type, built once from its <see cref="MessageContract"/>
/// on first use and cached in a static generic field. Looking it up costs one field read where <typeparamref name="T"/>
/// is known when the code is compiled, and a run-time lookup in the generic code shared by reference types, which is
/// why repeated fields look it up once per run (<see cref="IProtoCodec{T}.Message"/>).
/// </summary>
internal sealed class MessagePlan<T> : IMessagePlan<T>
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

    public string Name { get; }

    public Func<T> Create { get; }

    public SizeFunc<T> Size { get; }

    public WriteFunc<T> Write { get; }

    public MergeFunc<T> Merge { get; }

    private static MessagePlan<T> Build()
    {
        // Compiling twice in a race is harmless; the first plan published wins.
        Interlocked.CompareExchange(ref s_instance, PlanCompiler.Compile<T>(), null);
        return s_instance;
    }
}
