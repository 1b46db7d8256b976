using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using CodeFirst.Greeter;
using CodeFirst.Grpc;
using CodeFirst.Grpc.Client;

namespace CodeFirst.Bench;

/// <summary>
/// The correctness probe run before any load: a server whose answers are wrong is not measured. It posts h2load's exact
/// request bytes over plain HTTP/2 and checks every part of the response (status 200, <c>application/grpc</c>, one
/// frame decoding to "Hello world", <c>grpc-status: 0</c> in the trailers), then, for servers with the streaming
/// service, makes each call shape through the CodeFirst .NET client.
/// </summary>
public static class Probe
{
    /// <summary>Requests made over raw HTTP/2.</summary>
    public const int RawRequests = 100;

    /// <summary>Throws, saying what was wrong, unless <paramref name="address"/> answers like a Greeter.</summary>
    public static async Task CheckAsync(string address, byte[] requestFrame, bool streams)
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        var expected = Helloworld.Greeting("world");
        for (var i = 0; i < RawRequests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, address + Helloworld.SayHelloPath) 
            {
                Content = new ByteArrayContent(requestFrame),
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.TE.ParseAdd("trailers");
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            var status = response.TrailingHeaders.TryGetValues("grpc-status", out var values) ? values.Single()
                : response.Headers.TryGetValues("grpc-status", out values) ? values.Single() + " (trailers-only)" : "none";
            var problem =
                response.StatusCode != HttpStatusCode.OK ? $"HTTP status {(int)response.StatusCode} ({response.Headers}{response.Content.Headers}; {System.Text.Encoding.UTF8.GetString(body)})"
                : response.Content.Headers.ContentType?.MediaType?.StartsWith("application/grpc", StringComparison.Ordinal) != true
                    ? $"content-type {response.Content.Headers.ContentType}"
                : status != "0" ? $"grpc-status {status}"
                : body.Length < 5 || body[0] != 0 || BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)) != body.Length - 5
                    ? $"not one uncompressed frame: {Convert.ToHexString(body)}"
                : MessageCodec.Decode<HelloReply>(body.AsSpan(5)).Message is var message && message != expected
                    ? $"message '{message}', expected '{expected}'"
                : null;
            if (problem is not null)
            {
                throw new InvalidOperationException($"probe request {i + 1} of {RawRequests} to {address}: {problem}");
            }
        }

        using var channel = GrpcChannel.ForAddress(address);
        var greeter = channel.CreateGrpcService<IGreeter>();
        // "world", as the raw Kestrel ceiling answers only that.
        var reply = await greeter.SayHelloAsync(new HelloRequest { Name = "world" }, new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(10) });
        Expect(reply.Message == expected, $"SayHello through the .NET client answered '{reply.Message}'");
        if (!streams)
        {
            return;
        }

        var streaming = channel.CreateGrpcService<IStreamingGreeter>();
        var count = 0;
        await foreach (var item in streaming.SayHelloStreamAsync(new HelloStreamRequest { Name = "stream", Count = 100 }, new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(10) }))
        {
            Expect(item.Message == Helloworld.Greeting("stream"), $"SayHelloStream reply {count} was '{item.Message}'");
            count++;
        }
        Expect(count == 100, $"SayHelloStream(count: 100) sent {count} replies");

        count = 0;
        await foreach (var item in streaming.SayHelloEachAsync(Names(100), new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(10) }))
        {
            Expect(item.Message == Helloworld.Greeting("each-" + count), $"SayHelloEach reply {count} was '{item.Message}'");
            count++;
        }
        Expect(count == 100, $"SayHelloEach with 100 requests sent {count} replies");
    }

    private static async IAsyncEnumerable<HelloRequest> Names(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new HelloRequest { Name = "each-" + i };
        }
        await Task.CompletedTask;
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException("probe: " + problem);
        }
    }
}
