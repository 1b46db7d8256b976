using System.Net;

namespace CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

/// <summary>A request body sent a few bytes per write, each flushed, so the server sees it in pieces.</summary>
internal sealed class DribbleContent(byte[] body, int chunkSize) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < body.Length; offset += chunkSize)
        {
            await stream.WriteAsync(body.AsMemory(offset, Math.Min(chunkSize, body.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
