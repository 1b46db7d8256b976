// The contract docs/client.md calls, and the server DocsExampleTests runs it against. The service's special names
// ("", "slow", "flaky", "busy", "stop", "big") make it fail or wait as the examples need.
using System.Collections.Concurrent;
using System.Runtime.Serialization;
using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Grpc.ErrorDetails;

namespace CodeFirst.Grpc.Client.Tests.Docs;

[DataContract, ProtoPackage("greet.v1")]
public sealed class HelloRequest
{
    [DataMember(Order = 1)] public string Name { get; set; } = "";

    /// <summary>Server streaming: how many replies.</summary>
    [DataMember(Order = 2)] public int Count { get; set; }
}

[DataContract, ProtoPackage("greet.v1")]
public sealed class HelloReply
{
    [DataMember(Order = 1)] public string Message { get; set; } = "";
}

[GrpcService("greet.v1.Greeter")]
public interface IGreeter
{
    ValueTask<HelloReply> SayHelloAsync(HelloRequest request, CallContext context = default);

    IAsyncEnumerable<HelloReply> SayHellosAsync(HelloRequest request, CallContext context = default);

    ValueTask<HelloReply> GreetEveryoneAsync(IAsyncEnumerable<HelloRequest> requests, CallContext context = default);

    IAsyncEnumerable<HelloReply> ChatAsync(IAsyncEnumerable<HelloRequest> requests, CallContext context = default);
}

/// <summary>
/// The greeter the docs' examples call. Sends the response header <c>served-by</c> (its name) and the trailer
/// <c>cost</c>; records what it saw of each call for the tests.
/// </summary>
public sealed class GreeterService(string name = "server") : IGreeter
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    /// <summary>The request metadata of the last unary call.</summary>
    public Metadata? LastHeaders { get; private set; }

    /// <summary>The <c>grpc-encoding</c>, <c>grpc-timeout</c> and <c>grpc-previous-rpc-attempts</c> of the last unary call.</summary>
    public (string Encoding, string Timeout, string PreviousAttempts) LastCall { get; private set; }

    /// <summary>Completes when a server stream sees its call cancelled.</summary>
    public TaskCompletionSource StreamCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Unary calls with <paramref name="name"/> so far (attempts included).</summary>
    public int Calls(string name) => _calls.GetValueOrDefault(name);

    public async ValueTask<HelloReply> SayHelloAsync(HelloRequest request, CallContext context = default)
    {
        var call = _calls.AddOrUpdate(request.Name, 1, (_, n) => n + 1);
        LastHeaders = context.RequestHeaders;
        var http = context.ServerCallContext!.GetHttpContext().Request.Headers;
        LastCall = (http["grpc-encoding"].ToString(), http["grpc-timeout"].ToString(), http["grpc-previous-rpc-attempts"].ToString());
        switch (request.Name)
        {
            case "":
                throw new RpcException(StatusCode.InvalidArgument, "name is required",
                [
                    new ErrorInfo { Reason = "NAME_REQUIRED", Domain = "greet.v1" },
                    new BadRequest { FieldViolations = { new BadRequestFieldViolation { Field = "name", Description = "must not be empty" } } },
                ]);
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(30), context.CancellationToken);
                break;
            case "flaky" when call <= 2:
                throw new RpcException(StatusCode.Unavailable, $"overloaded (call {call})");
            case "busy" when call == 1:
                context.ResponseTrailers.Add("grpc-retry-pushback-ms", "50");
                throw new RpcException(StatusCode.Unavailable, "busy: try again in 50 ms");
            case "stop":
                context.ResponseTrailers.Add("grpc-retry-pushback-ms", "-1");
                throw new RpcException(StatusCode.Unavailable, "do not retry");
        }
        await context.ServerCallContext!.WriteResponseHeadersAsync(new Metadata { { "served-by", name } });
        context.ResponseTrailers.Add("cost", "1");
        return new HelloReply { Message = request.Name == "big" ? new string('x', 64 * 1024) : $"Hello {request.Name}" };
    }

    public async IAsyncEnumerable<HelloReply> SayHellosAsync(HelloRequest request, CallContext context = default)
    {
        using var cancelled = context.CancellationToken.Register(() => StreamCancelled.TrySetResult());
        await context.ServerCallContext!.WriteResponseHeadersAsync(new Metadata { { "served-by", name } });
        for (var i = 1; i <= request.Count; i++)
        {
            yield return new HelloReply { Message = $"Hello {request.Name} #{i}" };
            if (i % 100 == 0)
            {
                // Writes to a stream the client has reset succeed until Kestrel reports the abort (a thread-pool hop
                // later); pausing now and then keeps a long stream from running to its end in that gap.
                await Task.Delay(1, context.CancellationToken);
            }
        }
        context.ResponseTrailers.Add("cost", request.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask<HelloReply> GreetEveryoneAsync(IAsyncEnumerable<HelloRequest> requests, CallContext context = default)
    {
        var names = new List<string>();
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            names.Add(request.Name);
        }
        return new HelloReply { Message = $"Hello {string.Join(", ", names)}" };
    }

    public async IAsyncEnumerable<HelloReply> ChatAsync(IAsyncEnumerable<HelloRequest> requests, CallContext context = default)
    {
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            yield return new HelloReply { Message = $"Hello {request.Name}" };
        }
    }
}
