using System.Diagnostics;

namespace CodeFirst.Orders.Server.Tests.Infrastructure;

/// <summary>
/// Sees, from the server's side, when one call ends and with what status: the call carries a <c>traceparent</c> of
/// its own (<see cref="Headers"/>), and the server's call activity (<c>CodeFirst.Grpc.Server</c>) in that trace
/// reports its end. Lets a test check the server stopped, not just that the client gave up.
/// </summary>
public sealed class ServerCallObserver : IDisposable
{
    private const string ServerSource = "CodeFirst.Grpc.Server";

    private readonly ActivityTraceId _traceId = ActivityTraceId.CreateRandom();
    private readonly TaskCompletionSource<StatusCode> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActivityListener _listener;

    public ServerCallObserver()
    {
        _listener = new ActivityListener
        {
            // The hosting activity ("Microsoft.AspNetCore") picks the trace up from the header; the call's is its child.
            ShouldListenTo = source => source.Name is ServerSource or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == ServerSource && activity.TraceId == _traceId)
                {
                    _ended.TrySetResult(activity.GetTagItem("rpc.grpc.status_code") is int code ? (StatusCode)code : StatusCode.Unknown);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Request headers that put a call in this observer's trace.</summary>
    public Metadata Headers => new() { { "traceparent", $"00-{_traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01" } };

    /// <summary>Completes with the status the server ended the observed call with.</summary>
    public Task<StatusCode> Ended => _ended.Task;

    public void Dispose() => _listener.Dispose();
}
