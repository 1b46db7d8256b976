// The servers the Bench target loads (see benchmarks/README.md):
//   CodeFirst.Greeter.Server --mode codefirst --port N   the Greeter contract on the CodeFirst runtime
//   CodeFirst.Greeter.Server --mode raw --port N         Kestrel alone: the same response bytes and trailers, no gRPC layer
// Both listen on 127.0.0.1 only, h2c (HTTP/2 without TLS), logging off, and print "listening on 127.0.0.1:N" once ready
// (with --port 0, N is the port the system picked).
// A line "stats" on stdin prints one JSON line of this process's GC counters, which the harness reads before and after
// a fixed number of calls to get the bytes allocated per call.
using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using CodeFirst.Greeter;
using CodeFirst.Greeter.Server;
using CodeFirst.Grpc;
using CodeFirst.Grpc.AspNetCore;
using Microsoft.AspNetCore.Server.Kestrel.Core;

var mode = Option(args, "--mode") ?? "codefirst";
var port = int.Parse(Option(args, "--port") ?? "50051", System.Globalization.CultureInfo.InvariantCulture);
if (mode is not ("codefirst" or "raw"))
{
    Console.Error.WriteLine($"unknown --mode '{mode}': codefirst or raw");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
});
if (mode == "codefirst")
{
    builder.Services.AddCodeFirstGrpc();
}

var app = builder.Build();
if (mode == "codefirst")
{
    app.MapGrpcService<GreeterService>();
    app.MapGrpcService<StreamingGreeterService>();
}
else
{
    var reply = RawGreeter.ReplyFrame(new HelloReply { Message = Helloworld.Greeting("world") });
    app.Run(context => RawGreeter.AnswerAsync(context, reply));
}

await app.StartAsync();
Console.WriteLine($"listening on 127.0.0.1:{new Uri(app.Urls.Single()).Port}");
_ = Task.Run(ReportStatsOnRequest);
await app.WaitForShutdownAsync();
return 0;

static void ReportStatsOnRequest()
{
    while (Console.In.ReadLine() is { } line)
    {
        if (line.Trim() == "stats")
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                allocatedBytes = GC.GetTotalAllocatedBytes(precise: true),
                gen0 = GC.CollectionCount(0),
                gen1 = GC.CollectionCount(1),
                gen2 = GC.CollectionCount(2),
            }));
        }
    }
}

static string? Option(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

namespace CodeFirst.Greeter.Server
{
    /// <summary>grpc_bench's Greeter on CodeFirst.</summary>
    public sealed class GreeterService : IGreeter
    {
        /// <inheritdoc />
        public ValueTask<HelloReply> SayHelloAsync(HelloRequest request, CallContext context = default) =>
            ValueTask.FromResult(new HelloReply { Message = Helloworld.Greeting(request.Name) });
    }

    /// <summary>The streaming shapes on CodeFirst.</summary>
    public sealed class StreamingGreeterService : IStreamingGreeter
    {
        /// <inheritdoc />
        public async IAsyncEnumerable<HelloReply> SayHelloStreamAsync(HelloStreamRequest request, CallContext context = default)
        {
            var reply = new HelloReply { Message = Helloworld.Greeting(request.Name) };
            for (var i = 0; i < request.Count; i++)
            {
                yield return reply;
            }
            await Task.CompletedTask;
        }

        /// <inheritdoc />
        public async IAsyncEnumerable<HelloReply> SayHelloEachAsync(IAsyncEnumerable<HelloRequest> requests, CallContext context = default)
        {
            await foreach (var request in requests.WithCancellation(context.CancellationToken))
            {
                yield return new HelloReply { Message = Helloworld.Greeting(request.Name) };
            }
        }
    }

    /// <summary>
    /// The ceiling: what Kestrel costs to answer a gRPC call when nothing parses, dispatches or encodes. Every request,
    /// whatever its path, gets one fixed, pre-encoded reply frame and <c>grpc-status: 0</c>.
    /// </summary>
    internal static class RawGreeter
    {
        /// <summary>The length-prefixed frame of <paramref name="reply"/>.</summary>
        public static byte[] ReplyFrame(HelloReply reply)
        {
            var payload = new byte[MessageCodec.CalculateSize(reply)];
            MessageCodec.Encode(reply, payload);
            var frame = new byte[5 + payload.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
            payload.CopyTo(frame, 5);
            return frame;
        }

        /// <summary>Reads the request to its end, then writes the reply frame and the OK status trailer.</summary>
        public static async Task AnswerAsync(HttpContext context, byte[] reply)
        {
            var body = context.Request.BodyReader;
            while (true)
            {
                var read = await body.ReadAsync();
                body.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
            context.Response.ContentType = "application/grpc";
            context.Response.AppendTrailer("grpc-status", "0");
            await context.Response.BodyWriter.WriteAsync(reply);
        }
    }
}
