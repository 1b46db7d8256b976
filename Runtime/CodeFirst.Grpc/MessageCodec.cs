using System.Buffers;
using System.Reflection;
using CodeFirst.Grpc.Codec;

namespace CodeFirst.Grpc;

/// <summary>
/// Encodes and decodes <c>[DataContract]</c> messages in the protobuf binary format, byte for byte
/// as protoc-generated code does for the exported schema.
/// </summary>
/// <remarks>
/// Each message type's encoder and decoder is compiled once, on first use (or by <see cref="Prepare(Type)"/>),
/// and cached. Encoding allocates nothing beyond the output buffer; decoding allocates the message
/// objects, strings, arrays and collections it returns.
/// </remarks>
/// <example>
/// <code>
/// var buffer = new ArrayBufferWriter&lt;byte&gt;();
/// MessageCodec.Encode(order, buffer);
/// Order copy = MessageCodec.Decode&lt;Order&gt;(buffer.WrittenSpan);
/// </code>
/// </example>
public static class MessageCodec
{
    /// <summary>The default limit on how deeply messages may nest inside the message being decoded.</summary>
    public const int DefaultMaxDepth = 64;

    private static readonly MethodInfo PrepareMethod = typeof(MessageCodec).GetMethod(nameof(PrepareCore), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Compiles the codec of <paramref name="messageType"/> now, so contract mistakes surface at startup.</summary>
    /// <exception cref="InvalidContractException">The type, or a type it uses, is not a valid contract.</exception>
    public static void Prepare(Type messageType)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        try
        {
            PrepareMethod.MakeGenericMethod(messageType).Invoke(null, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }
        catch (ArgumentException e)
        {
            throw new InvalidContractException(messageType, null, $"{messageType.FullName} is not a message contract: mark a class with [DataContract]. ({e.Message})");
        }
    }

    private static void PrepareCore<T>()
        where T : class => _ = MessagePlan<T>.Instance;

    /// <summary>The encoded size of <paramref name="message"/> in bytes.</summary>
    public static int CalculateSize<T>(T message)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        return MessagePlan<T>.Instance.Size(message);
    }

    /// <summary>Encodes <paramref name="message"/> into <paramref name="output"/>.</summary>
    public static void Encode<T>(T message, IBufferWriter<byte> output)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new ProtoWriter(output);
        MessagePlan<T>.Instance.Write(ref writer, message);
        writer.Flush();
    }

    /// <summary>Encodes <paramref name="message"/> into <paramref name="destination"/>, which must be large enough
    /// (<see cref="CalculateSize{T}"/>); returns the number of bytes written.</summary>
    public static int Encode<T>(T message, Span<byte> destination)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new ProtoWriter(destination);
        MessagePlan<T>.Instance.Write(ref writer, message);
        return (int)writer.BytesWritten;
    }

    /// <summary>Encodes <paramref name="message"/> into a new array.</summary>
    public static byte[] ToByteArray<T>(T message)
        where T : class
    {
        var bytes = new byte[CalculateSize(message)];
        Encode(message, bytes);
        return bytes;
    }

    /// <summary>Decodes a message.</summary>
    /// <param name="data">The encoded message.</param>
    /// <param name="maxDepth">How deeply messages may nest inside this one.</param>
    /// <exception cref="MessageDecodeException">The data is not a valid encoding of <typeparamref name="T"/>.</exception>
    public static T Decode<T>(ReadOnlySpan<byte> data, int maxDepth = DefaultMaxDepth)
        where T : class
    {
        var plan = MessagePlan<T>.Instance;
        var reader = new ProtoReader(data, plan.Name, maxDepth);
        var message = plan.Create();
        plan.Merge(ref reader, message);
        return message;
    }

    /// <summary>Decodes a message from a possibly segmented buffer (copied to one pooled block when segmented).</summary>
    /// <param name="data">The encoded message.</param>
    /// <param name="maxDepth">How deeply messages may nest inside this one.</param>
    /// <exception cref="MessageDecodeException">The data is not a valid encoding of <typeparamref name="T"/>.</exception>
    public static T Decode<T>(ReadOnlySequence<byte> data, int maxDepth = DefaultMaxDepth)
        where T : class
    {
        if (data.IsSingleSegment)
        {
            return Decode<T>(data.FirstSpan, maxDepth);
        }
        var length = checked((int)data.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            data.CopyTo(rented);
            return Decode<T>(rented.AsSpan(0, length), maxDepth);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
