using System.IO.Compression;

namespace CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

/// <summary>gzip for message payloads, done by the framework's own stream so the server's compression is checked against it.</summary>
internal static class Gzip
{
    public static byte[] Compress(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    public static byte[] Decompress(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
