using System.Buffers.Binary;
using System.Net.Http.Headers;

namespace CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

/// <summary>What came back from a raw gRPC call.</summary>
internal sealed record RawResponse(HttpResponseMessage Http, IReadOnlyList<(bool Compressed, byte[] Payload)> Frames, HttpHeaders Trailers)
{
    /// <summary>The message payloads, as framed (compressed ones still compressed).</summary>
    public IReadOnlyList<byte[]> Messages => Frames.Select(frame => frame.Payload).ToList();

    /// <summary>grpc-status from the trailers, or from the headers of a trailers-only response.</summary>
    public StatusCode? Status => Value("grpc-status") is { } value ? (StatusCode)int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? Message => Value("grpc-message");

    public bool TrailersOnly => Trailers.Count() == 0 && Http.Headers.Contains("grpc-status");

    public string? Value(string name) =>
        Trailers.TryGetValues(name, out var values) ? values.First()
        : Http.Headers.TryGetValues(name, out values) ? values.First()
        : null;
}

/// <summary>Builds gRPC requests byte by byte, so tests can send exactly what a bad client would.</summary>
internal static class RawGrpc
{
    public static byte[] Frame(byte[] payload, bool compressed = false)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] FrameOf<T>(T message)
        where T : class => Frame(MessageCodec.ToByteArray(message));

    public static HttpRequestMessage Request(string path, byte[] body, string contentType = "application/grpc", params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body),
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public static async Task<RawResponse> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var isGrpc = response.Content.Headers.ContentType?.MediaType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        Assert.IsTrue(isGrpc || body.Length == 0,
            $"Not a gRPC response: HTTP {(int)response.StatusCode}, {response.Content.Headers.ContentType}, body {System.Text.Encoding.UTF8.GetString(body)}");
        return new RawResponse(response, Split(body), response.TrailingHeaders);
    }

    public static Task<RawResponse> CallAsync(HttpClient client, string path, byte[] body, params (string Name, string Value)[] headers) =>
        SendAsync(client, Request(path, body, "application/grpc", headers));

    /// <summary>The frames of a response body: each message's compressed flag and payload.</summary>
    public static List<(bool Compressed, byte[] Payload)> Split(byte[] body)
    {
        var messages = new List<(bool, byte[])>();
        var offset = 0;
        while (offset + 5 <= body.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            Assert.IsLessThanOrEqualTo(body.Length - offset - 5, length, $"The response body ends inside a message: {Convert.ToHexString(body)}");
            Assert.IsTrue(body[offset] is 0 or 1, $"Invalid compressed flag {body[offset]}.");
            messages.Add((body[offset] == 1, body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }
        Assert.AreEqual(body.Length, offset, "The response body ends inside a message.");
        return messages;
    }
}
