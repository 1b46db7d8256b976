using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Tests;

[DataContract, ProtoPackage("test.v1")]
public sealed class EchoRequest
{
    [DataMember(Order = 1)] public string Text { get; set; } = "";
    [DataMember(Order = 2)] public int Count { get; set; }
    /// <summary>When set, the handler throws an RpcException with this code.</summary>
    [DataMember(Order = 3)] public StatusCode FailWith { get; set; }
    /// <summary>When set, the handler waits this long (observing its cancellation token).</summary>
    [DataMember(Order = 4)] public int DelayMilliseconds { get; set; }
    /// <summary>When true, the handler throws an unexpected exception.</summary>
    [DataMember(Order = 5)] public bool Crash { get; set; }
}

[DataContract, ProtoPackage("test.v1")]
public sealed class EchoReply
{
    [DataMember(Order = 1)] public string Text { get; set; } = "";
    [DataMember(Order = 2)] public int Index { get; set; }
}

[GrpcService("test.v1.Echo")]
public interface IEcho
{
    ValueTask<EchoReply> UnaryAsync(EchoRequest request, CallContext context = default);
    IAsyncEnumerable<EchoReply> ServerStreamAsync(EchoRequest request, CallContext context = default);
    Task<EchoReply> ClientStreamAsync(IAsyncEnumerable<EchoRequest> requests, CancellationToken cancellationToken);
    IAsyncEnumerable<EchoReply> DuplexAsync(IAsyncEnumerable<EchoRequest> requests, CallContext context = default);
}

/// <summary>The test service: echoes, and fails, waits or crashes on request.</summary>
public sealed class EchoService : IEcho
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> CancelledCalls = new();

    /// <summary>
    /// Completes when a handler for a request with this <see cref="EchoRequest.Text"/> sees its cancellation token
    /// fire. Keyed by text so a test waits for its own call, never for another test's late cancellation.
    /// </summary>
    public static Task CancellationSeen(string text) => Signal(text).Task;

    private static TaskCompletionSource Signal(string text) =>
        CancelledCalls.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask<EchoReply> UnaryAsync(EchoRequest request, CallContext context = default)
    {
        await Behave(request, context.CancellationToken);
        if (context.RequestHeaders.GetValue("echo-header") is { } header)
        {
            await context.ServerCallContext!.WriteResponseHeadersAsync(new Metadata { { "echoed-header", header } });
        }
        if (context.RequestHeaders.GetValueBytes("echo-bin") is { } bytes)
        {
            context.ResponseTrailers.Add("echoed-bin", bytes);
        }
        return new EchoReply { Text = request.Text };
    }

    public async IAsyncEnumerable<EchoReply> ServerStreamAsync(EchoRequest request, CallContext context = default)
    {
        for (var i = 0; i < request.Count; i++)
        {
            yield return new EchoReply { Text = request.Text, Index = i };
        }
        await Behave(request, context.CancellationToken);
    }

    public async Task<EchoReply> ClientStreamAsync(IAsyncEnumerable<EchoRequest> requests, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        await foreach (var request in requests.WithCancellation(cancellationToken))
        {
            await Behave(request, cancellationToken);
            texts.Add(request.Text);
        }
        return new EchoReply { Text = string.Join(",", texts), Index = texts.Count };
    }

    public async IAsyncEnumerable<EchoReply> DuplexAsync(IAsyncEnumerable<EchoRequest> requests, CallContext context = default)
    {
        var index = 0;
        await foreach (var request in requests)
        {
            await Behave(request, context.CancellationToken);
            yield return new EchoReply { Text = request.Text, Index = index++ };
        }
    }

    private static async Task Behave(EchoRequest request, CancellationToken cancellationToken)
    {
        if (request.DelayMilliseconds > 0)
        {
            try
            {
                await Task.Delay(request.DelayMilliseconds, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Signal(request.Text).TrySetResult();
                throw;
            }
        }
        if (request.Crash)
        {
            throw new InvalidOperationException("secret internal detail");
        }
        if (request.FailWith != StatusCode.OK)
        {
            throw new RpcException(request.FailWith, $"failed as asked: {request.Text}",
                request.Text == "with a detail that is no contract" ? [new object()] :
                request.Text == "with details"
                    ? [new ErrorDetails.ErrorInfo { Reason = "ASKED", Domain = "test.v1", Metadata = { ["text"] = request.Text } },
                       new ErrorDetails.BadRequest { FieldViolations = { new ErrorDetails.BadRequestFieldViolation { Field = "text", Description = "asked to fail" } } }]
                    : null);
        }
    }
}

[GrpcService("test.v1.InstanceProbe")]
public interface IInstanceProbe
{
    ValueTask<EchoReply> WhoAmIAsync(EchoRequest request, CallContext context = default);
}

/// <summary>Created per call (not in DI): answers with its own instance number, and fails if used after its call disposed it.</summary>
public sealed class InstanceProbeService : IInstanceProbe, IDisposable
{
    private static int s_created;
    private readonly int _number = Interlocked.Increment(ref s_created);
    private bool _disposed;

    public async ValueTask<EchoReply> WhoAmIAsync(EchoRequest request, CallContext context = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await Task.Delay(request.DelayMilliseconds, context.CancellationToken);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new EchoReply { Text = request.Text, Index = _number };
    }

    public void Dispose() => _disposed = true;
}
