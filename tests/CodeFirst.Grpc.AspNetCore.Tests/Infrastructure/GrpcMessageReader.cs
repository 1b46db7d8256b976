using System.Buffers.Binary;

namespace CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

/// <summary>Reads a streaming response's messages one at a time, while the call is still open.</summary>
internal sealed class GrpcMessageReader(Stream body)
{
    /// <summary>The next message's payload (uncompressed frames only), or null at the end of the body.</summary>
    public async Task<byte[]?> ReadAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var header = new byte[5];
        var read = await body.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancel.Token);
        if (read == 0)
        {
            return null;
        }
        Assert.AreEqual(header.Length, read, "The response body ends inside a message header.");
        Assert.AreEqual(0, header[0], "Compressed messages are not expected.");
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1))];
        await body.ReadExactlyAsync(payload, cancel.Token);
        return payload;
    }
}
