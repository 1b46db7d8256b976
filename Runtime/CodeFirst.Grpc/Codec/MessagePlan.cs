using System.Runtime.CompilerServices;
using CodeFirst.Grpc.Contracts;
using Google.Protobuf;

namespace CodeFirst.Grpc.Codec;

internal delegate int SizeFunc<in T>(T value);

internal delegate void WriteFunc<in T>(ref ProtoWriter writer, T value);

internal delegate void MergeFunc<in T>(ref ProtoReader reader, T value);

/// <summary>
/// The compiled encoder/decoder of one message type, built once from its <see cref="MessageContract"/>
/// on first use and cached in a static generic field. Looking it up costs one field read where <typeparamref name="T"/>
/// is known when the code is compiled, and a run-time lookup in the generic code shared by reference types, which is
/// why repeated fields look it up once per run (<see cref="IProtoCodec{T}.Message"/>). <typeparamref name="T"/> is
/// always a class; it is not constrained so that codec code over any <c>T</c> can hold a plan.
/// </summary>
internal sealed class MessagePlan<T>
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

    /// <summary>Encoded size of <paramref name="value"/> as an embedded message: its length prefix and its fields.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SizeEmbedded(T value)
    {
        var size = Size(value);
        return CodedOutputStream.ComputeLengthSize(size) + size;
    }

    /// <summary>Writes <paramref name="value"/> as an embedded message: its length prefix, then its fields.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteEmbedded(ref ProtoWriter writer, T value)
    {
        writer.WriteLength(Size(value));
        Write(ref writer, value);
    }

    /// <summary>Reads an embedded message, merging into <paramref name="existing"/> when there is one (proto merge semantics).</summary>
    public T ReadEmbedded(ref ProtoReader reader, T? existing)
    {
        var frame = reader.EnterMessage(Name, reader.ReadLength());
        var message = existing ?? Create();
        Merge(ref reader, message);
        reader.ExitMessage(frame);
        return message;
    }

    private static MessagePlan<T> Build()
    {
        // Compiling twice in a race is harmless; the first plan published wins.
        Interlocked.CompareExchange(ref s_instance, PlanCompiler.Compile<T>(), null);
        return s_instance;
    }
}
