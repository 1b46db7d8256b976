using System.Net;
using System.Net.Http.Headers;
using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>What every request body says of itself: the gRPC content type, and no length.</summary>
internal static class RequestContent
{
    // The raw value, not the typed ContentType: setting a typed header allocates an entry object for it per request.
    public static void SetHeaders(HttpContentHeaders headers) => headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);

    // gRPC bodies are streams of frames: no content-length, END_STREAM ends them.
    public static bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}

/// <summary>
/// One framed message (unary and server-streaming calls). It is a <see cref="ByteArrayContent"/> only so that
/// SocketsHttpHandler knows the body is complete in itself (not duplex): it then awaits the body before the response
/// headers, instead of racing the two with <c>Task.WhenAny</c> and a continuation per call. The array it was built
/// with is empty: every way of reading the content goes to the frame, holding a reference so the pooled buffer is not
/// returned while a write copies it (a small frame is a plain array, which needs no reference).
/// </summary>
internal sealed class SingleMessageContent : ByteArrayContent
{
    private readonly RequestFrame _frame;

    public SingleMessageContent(RequestFrame frame)
        : base([])
    {
        _frame = frame;
        RequestContent.SetHeaders(Headers);
    }

    protected override bool TryComputeLength(out long length) => RequestContent.TryComputeLength(out length);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    // A plain array stays valid for as long as any write uses it: only a pooled frame needs a write that holds it.
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _frame.IsPooled ? WritePooledAsync(stream, cancellationToken) : stream.WriteAsync(_frame.Memory, cancellationToken).AsTask();

    private async Task WritePooledAsync(Stream stream, CancellationToken cancellationToken)
    {
        Acquire();
        try
        {
            await stream.WriteAsync(_frame.Memory, cancellationToken);
        }
        finally
        {
            _frame.Release();
        }
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Acquire();
        try
        {
            stream.Write(_frame.Memory.Span);
        }
        finally
        {
            _frame.Release();
        }
    }

    // A handler that reads the body as a stream gets a copy: the frame's buffer goes back to the pool when the call ends.
    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => new MemoryStream(Copy(), writable: false);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(Copy(), writable: false));

    private byte[] Copy()
    {
        Acquire();
        try
        {
            return _frame.Memory.ToArray();
        }
        finally
        {
            _frame.Release();
        }
    }

    private void Acquire()
    {
        if (!_frame.TryAcquire())
        {
            throw new OperationCanceledException("The call has ended.");
        }
    }
}

/// <summary>The request stream of a client-streaming or duplex call, pulled lazily from the caller's enumerable.</summary>
internal sealed class StreamingContent<T> : HttpContent
    where T : class
{
    private readonly RequestStreamSource<T> _source;

    public StreamingContent(RequestStreamSource<T> source)
    {
        _source = source;
        RequestContent.SetHeaders(Headers);
    }

    protected override bool TryComputeLength(out long length) => RequestContent.TryComputeLength(out length);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _source.WriteToAsync(stream, cancellationToken);
}
