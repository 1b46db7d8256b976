using System.Net;
using System.Net.Http.Headers;
using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>The body of one attempt: a single framed message, or a request stream pulled as HTTP/2 asks for data.</summary>
internal abstract class RequestContent : HttpContent
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new(GrpcProtocol.ContentType);

    protected RequestContent() => Headers.ContentType = GrpcContentType;

    // gRPC bodies are streams of frames: no content-length, END_STREAM ends them.
    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);
}

/// <summary>One framed message (unary and server-streaming calls).</summary>
internal sealed class SingleMessageContent(RequestFrame frame) : RequestContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (!frame.TryAcquire())
        {
            throw new OperationCanceledException("The call has ended.");
        }
        try
        {
            await stream.WriteAsync(frame.Memory, cancellationToken);
        }
        finally
        {
            frame.Release();
        }
    }
}

/// <summary>The request stream of a client-streaming or duplex call, pulled lazily from the caller's enumerable.</summary>
internal sealed class StreamingContent<T>(RequestStreamSource<T> source) : RequestContent
    where T : class
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        source.WriteToAsync(stream, cancellationToken);
}
