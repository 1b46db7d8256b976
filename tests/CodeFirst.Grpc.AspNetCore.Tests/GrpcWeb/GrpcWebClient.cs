using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;

namespace CodeFirst.Grpc.AspNetCore.Tests.GrpcWeb;

/// <summary>What came back from a raw gRPC-Web call: the body split into frames, the trailer frame parsed.</summary>
internal sealed record GrpcWebResponse(HttpResponseMessage Http, IReadOnlyList<(byte Flag, byte[] Payload)> Frames)
{
    /// <summary>The data frames' payloads (compressed ones still compressed).</summary>
    public IReadOnlyList<byte[]> Messages => Frames.Where(f => f.Flag != 0x80).Select(f => f.Payload).ToList();

    /// <summary>The trailer frame's payload, when there is one.</summary>
    public byte[]? TrailerFrame => Frames.Count > 0 && Frames[^1].Flag == 0x80 ? Frames[^1].Payload : null;

    /// <summary>The trailers from the trailer frame (empty for a trailers-only response).</summary>
    public IReadOnlyDictionary<string, string> Trailers => TrailerFrame is { } frame ? GrpcWebClient.ParseTrailers(frame) : new Dictionary<string, string>();

    public bool TrailersOnly => TrailerFrame is null && Frames.Count == 0 && Http.Headers.Contains("grpc-status");

    /// <summary>grpc-status from the trailer frame, or from the headers of a trailers-only response.</summary>
    public StatusCode? Status => Value("grpc-status") is { } value ? (StatusCode)int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? Message => Value("grpc-message");

    public string? Value(string name) =>
        Trailers.TryGetValue(name, out var value) ? value
        : Http.Headers.TryGetValues(name, out var values) ? values.First()
        : null;
}

/// <summary>Builds gRPC-Web requests byte by byte, as a browser library would send them, and reads the responses.</summary>
internal static class GrpcWebClient
{
    public const string Binary = "application/grpc-web";
    public const string Text = "application/grpc-web-text";

    /// <summary>A host serving <see cref="EchoService"/> with gRPC-Web enabled, over h2c and over HTTP/1.1.</summary>
    public static Task<GrpcTestHost> StartEchoAsync(Action<GrpcServerOptions>? configure = null) =>
        StartAsync(app =>
        {
            app.UseGrpcWeb();
            app.MapGrpcService<EchoService>().EnableGrpcWeb();
        }, configure);

    /// <summary>A host with an HTTP/1.1 endpoint next to h2c, whose pipeline the test builds.</summary>
    public static Task<GrpcTestHost> StartAsync(Action<WebApplication> configure, Action<GrpcServerOptions>? options = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        GrpcTestHost.StartAsync(endpoints => configure((WebApplication)endpoints), options, services, http1: true);

    /// <summary>The host's client for an HTTP version ("1.1" or "2").</summary>
    public static HttpClient Client(GrpcTestHost host, string version) => version == "1.1" ? host.Http1Client : host.Client;

    /// <summary>A gRPC-Web request carrying <paramref name="frames"/>, base64-encoded when the content type is text.</summary>
    public static HttpRequestMessage Request(string path, byte[] frames, string contentType, string version, params (string Name, string Value)[] headers) =>
        RequestWithBody(path, contentType.StartsWith(Text, StringComparison.Ordinal) ? Encoding.ASCII.GetBytes(Convert.ToBase64String(frames)) : frames,
            contentType, version, headers);

    /// <summary>A gRPC-Web request whose body is sent exactly as given.</summary>
    public static HttpRequestMessage RequestWithBody(string path, byte[] body, string contentType, string version, params (string Name, string Value)[] headers) =>
        RequestWithContent(path, new ByteArrayContent(body), contentType, version, headers);

    public static HttpRequestMessage RequestWithContent(string path, HttpContent content, string contentType, string version, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = content,
            Version = version == "1.1" ? System.Net.HttpVersion.Version11 : System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("x-grpc-web", "1");
        request.Headers.TryAddWithoutValidation("x-user-agent", "grpc-web-test/1.0");
        request.Headers.TryAddWithoutValidation("accept", contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public static async Task<GrpcWebResponse> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.AreEqual(0, response.TrailingHeaders.Count(), "gRPC-Web sends no HTTP trailers: they are in the body");
        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (contentType?.StartsWith(Text, StringComparison.Ordinal) == true)
        {
            body = DecodeText(body);
        }
        else
        {
            Assert.IsTrue(contentType?.StartsWith(Binary, StringComparison.Ordinal) == true || body.Length == 0,
                $"Not a gRPC-Web response: HTTP {(int)response.StatusCode}, {contentType}, body {Encoding.UTF8.GetString(body)}");
        }
        return new GrpcWebResponse(response, Split(body));
    }

    public static Task<GrpcWebResponse> CallAsync(GrpcTestHost host, string version, string path, byte[] frames, string contentType = Binary, params (string Name, string Value)[] headers) =>
        SendAsync(Client(host, version), Request(path, frames, contentType, version, headers));

    /// <summary>
    /// Decodes a text body chunk by chunk: a server may send several base64 chunks, each padded on its own, so
    /// each run of quanta up to a padded one is decoded separately.
    /// </summary>
    public static byte[] DecodeText(byte[] text)
    {
        var output = new List<byte>();
        var ascii = Encoding.ASCII.GetString(text);
        Assert.AreEqual(0, ascii.Length % 4, $"A text body is whole base64 quanta: {ascii}");
        var start = 0;
        for (var i = 0; i < ascii.Length; i += 4)
        {
            if (ascii.AsSpan(i, 4).Contains('=') || i + 4 == ascii.Length)
            {
                output.AddRange(Convert.FromBase64String(ascii[start..(i + 4)]));
                start = i + 4;
            }
        }
        return output.ToArray();
    }

    /// <summary>The frames of a body; a trailer frame (flag 0x80) may only be the last.</summary>
    public static List<(byte Flag, byte[] Payload)> Split(byte[] body)
    {
        var frames = new List<(byte, byte[])>();
        var offset = 0;
        while (offset < body.Length)
        {
            Assert.IsLessThanOrEqualTo(body.Length - 5, offset, $"The body ends inside a frame header: {Convert.ToHexString(body)}");
            var flag = body[offset];
            Assert.IsTrue(flag is 0 or 1 or 0x80, $"Invalid frame flag 0x{flag:X2}.");
            Assert.IsFalse(frames.Count > 0 && frames[^1].Item1 == 0x80, "Nothing may follow the trailer frame.");
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            Assert.IsLessThanOrEqualTo(body.Length - offset - 5, length, $"The body ends inside a frame: {Convert.ToHexString(body)}");
            frames.Add((flag, body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }
        return frames;
    }

    /// <summary>The trailer frame's lines: each <c>key: value\r\n</c>, the key lower case.</summary>
    public static Dictionary<string, string> ParseTrailers(byte[] payload)
    {
        var text = Encoding.ASCII.GetString(payload);
        Assert.EndsWith("\r\n", text, "every trailer line ends with CRLF");
        var trailers = new Dictionary<string, string>();
        foreach (var line in text[..^2].Split("\r\n"))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            Assert.IsGreaterThan(0, colon, $"Not a 'key: value' line: {line}");
            var key = line[..colon];
            Assert.AreEqual(key.ToLowerInvariant(), key, "trailer names are lower case");
            trailers[key] = line[(colon + 2)..];
        }
        return trailers;
    }
}
