using System.Buffers.Binary;
using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;

namespace CodeFirst.Grpc.Internal;

/// <summary>
/// How one direction of a call frames its messages: what the messages are called in errors
/// (<c>request</c> or <c>response</c>), the size limit, and the <c>grpc-encoding</c> (gzip, or none).
/// </summary>
/// <param name="What">The side whose messages these are, for error messages.</param>
/// <param name="MaxMessageSize">The largest message, in bytes, after decompression.</param>
/// <param name="Encoding">The stream's <c>grpc-encoding</c>; <see langword="null"/> or identity for none.</param>
internal readonly record struct MessageFrameOptions(string What, int MaxMessageSize, string? Encoding)
{
    public bool Compressed => Encoding is GrpcProtocol.Gzip;
}

/// <summary>
/// Length-prefixed gRPC messages over pipes, for the server (request in, response out) and the client
/// (request out, response in): partial frames, the size limit, the compressed flag and gzip, in one
/// place. A message is decoded straight from the pipe's buffer; nothing copies a whole stream.
/// </summary>
internal static class MessageFraming
{
    /// <summary>Reads the next message, or returns <see langword="null"/> when the stream ends between messages.</summary>
    public static async ValueTask<T?> ReadMessageAsync<T>(PipeReader reader, MessageFrameOptions options, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryReadMessage(ref buffer, options, out T? message))
            {
                reader.AdvanceTo(buffer.Start);
                return message;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                var leftover = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (leftover == 0)
                {
                    return null;
                }
                throw new RpcException(StatusCode.Internal, $"Incomplete message: the {options.What} ended inside a message.");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Reads the message of a stream that should carry exactly one, and whether another whole message follows it (a
    /// part of one is an incomplete-message error, as in <see cref="ReadMessageAsync{T}"/>). The message and the end
    /// of the stream usually arrive together: then one read of the pipe sees both, instead of a second read (and its
    /// locks) only to learn that the stream has ended. Otherwise this is the first turn of
    /// <see cref="ReadMessageAsync{T}"/>'s loop, which goes on from where it stopped.
    /// </summary>
    public static async ValueTask<(T? Message, bool More)> ReadSingleMessageAsync<T>(PipeReader reader, MessageFrameOptions options, CancellationToken cancellationToken)
        where T : class
    {
        var result = await reader.ReadAsync(cancellationToken);
        var buffer = result.Buffer;
        if (TryReadMessage(ref buffer, options, out T? message))
        {
            reader.AdvanceTo(buffer.Start);
            if (result.IsCompleted && buffer.IsEmpty)
            {
                return (message, false);
            }
        }
        else
        {
            // Not all here yet: wait for the rest (everything seen is examined), or learn that nothing (or a part) came.
            reader.AdvanceTo(buffer.Start, buffer.End);
            message = await ReadMessageAsync<T>(reader, options, cancellationToken);
            if (message is null)
            {
                return (null, false);
            }
        }
        return (message, await ReadMessageAsync<T>(reader, options, cancellationToken) is not null);
    }

    /// <summary>Decodes one whole message from the front of <paramref name="buffer"/> and slices past it.</summary>
    private static bool TryReadMessage<T>(ref ReadOnlySequence<byte> buffer, MessageFrameOptions options, out T? message)
        where T : class
    {
        message = null;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
        var compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(StatusCode.Internal, $"Invalid compressed flag {header[0]} in a message header."),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > options.MaxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted,
                $"Received {options.What} message of {length} bytes exceeds the limit of {options.MaxMessageSize} bytes.");
        }
        if (buffer.Length < GrpcProtocol.HeaderSize + length)
        {
            return false;
        }
        var payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        message = compressed ? DecodeCompressed<T>(payload, options) : Decode<T>(payload, options);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    private static T Decode<T>(ReadOnlySequence<byte> payload, MessageFrameOptions options)
        where T : class
    {
        try
        {
            return MessageCodec.Decode<T>(payload);
        }
        catch (MessageDecodeException e)
        {
            throw new RpcException(StatusCode.Internal, $"Failed to deserialize the {options.What} message: {e.Message}");
        }
    }

    private static T DecodeCompressed<T>(ReadOnlySequence<byte> payload, MessageFrameOptions options)
        where T : class
    {
        if (!options.Compressed)
        {
            throw new RpcException(StatusCode.Internal, $"A message has the compressed flag set, but the {options.What} has no grpc-encoding.");
        }
        var limit = options.MaxMessageSize;
        // Pooled: the codec copies what it keeps (bytes fields are copied out), so the buffer is free after Decode.
        using var output = new PooledBufferWriter();
        try
        {
            using var gzip = new GZipStream(new SequenceStream(payload), CompressionMode.Decompress);
            while (true)
            {
                var read = gzip.Read(output.GetSpan(16 * 1024));
                if (read == 0)
                {
                    break;
                }
                output.Advance(read);
                if (output.WrittenCount > limit)
                {
                    throw new RpcException(StatusCode.ResourceExhausted,
                        $"Decompressed {options.What} message exceeds the limit of {limit} bytes.");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new RpcException(StatusCode.Internal, $"Failed to decompress the {options.What} message (gzip): {e.Message}");
        }
        return Decode<T>(new ReadOnlySequence<byte>(output.WrittenMemory), options);
    }

    /// <summary>Writes one message (header and payload) to <paramref name="writer"/>, compressing when the options say so.</summary>
    public static void WriteMessage<T>(IBufferWriter<byte> writer, T message, MessageFrameOptions options)
        where T : class
    {
        var size = MessageCodec.CalculateSize(message);
        if (size > options.MaxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted,
                $"The {options.What} message of {size} bytes exceeds the send limit of {options.MaxMessageSize} bytes.");
        }
        if (options.Compressed)
        {
            WriteCompressed(writer, message, size);
        }
        else
        {
            var span = writer.GetSpan(GrpcProtocol.HeaderSize + size);
            span[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
            MessageCodec.Encode(message, span.Slice(GrpcProtocol.HeaderSize, size));
            writer.Advance(GrpcProtocol.HeaderSize + size);
        }
    }

    private static void WriteCompressed<T>(IBufferWriter<byte> writer, T message, int size)
        where T : class
    {
        using var plain = new PooledBufferWriter();
        using var compressed = new PooledBufferWriter();
        MessageCodec.Encode(message, plain.GetSpan(size)[..size]);
        plain.Advance(size);
        using (var gzip = new GZipStream(new BufferWriterStream(compressed), CompressionLevel.Fastest))
        {
            gzip.Write(plain.WrittenMemory.Span);
        }
        var length = compressed.WrittenCount;
        var span = writer.GetSpan(GrpcProtocol.HeaderSize + length);
        span[0] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
        compressed.WrittenMemory.Span.CopyTo(span[GrpcProtocol.HeaderSize..]);
        writer.Advance(GrpcProtocol.HeaderSize + length);
    }

    /// <summary>A write-only stream into a buffer writer, for the compressor.</summary>
    private sealed class BufferWriterStream(IBufferWriter<byte> output) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            buffer.CopyTo(output.GetSpan(buffer.Length));
            output.Advance(buffer.Length);
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A read-only stream over a sequence, for the decompressor.</summary>
    private sealed class SequenceStream(ReadOnlySequence<byte> sequence) : Stream
    {
        private ReadOnlySequence<byte> _remaining = sequence;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, _remaining.Length);
            _remaining.Slice(0, count).CopyTo(buffer);
            _remaining = _remaining.Slice(count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
