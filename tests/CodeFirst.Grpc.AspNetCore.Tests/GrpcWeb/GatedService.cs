using System.Collections.Concurrent;

namespace CodeFirst.Grpc.AspNetCore.Tests.GrpcWeb;

[GrpcService("test.v1.Gated")]
public interface IGated
{
    IAsyncEnumerable<EchoReply> StreamAsync(EchoRequest request, CallContext context = default);
}

/// <summary>Streams one reply, then waits for its gate (keyed by the request's text) before the second.</summary>
public sealed class GatedService : IGated
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    public static TaskCompletionSource Gate(string text) =>
        Gates.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async IAsyncEnumerable<EchoReply> StreamAsync(EchoRequest request, CallContext context = default)
    {
        yield return new EchoReply { Text = request.Text, Index = 0 };
        await Gate(request.Text).Task.WaitAsync(context.CancellationToken);
        yield return new EchoReply { Text = request.Text, Index = 1 };
    }
}
