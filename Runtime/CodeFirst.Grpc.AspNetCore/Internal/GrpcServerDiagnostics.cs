using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>
/// The server's <see cref="ActivitySource"/> and <see cref="Meter"/>, named in one place, following the
/// OpenTelemetry RPC semantic conventions (rpc.system, rpc.service, rpc.method, rpc.grpc.status_code;
/// rpc.server.duration in milliseconds).
/// </summary>
internal static class GrpcServerDiagnostics
{
    /// <summary>The name of both the activity source and the meter; subscribe to it (OpenTelemetry AddSource/AddMeter).</summary>
    public const string Name = "CodeFirst.Grpc.Server";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "rpc.server.duration", unit: "ms", description: "Duration of inbound gRPC calls.");

    public static Activity? StartCall(Contracts.MethodContract method)
    {
        // The path without its leading '/' is "package.Service/Method", the span name the conventions ask for,
        // with no string built per call (Substring of a cached path only when someone listens).
        var activity = ActivitySource.HasListeners() ? ActivitySource.StartActivity(method.Path[1..], ActivityKind.Server) : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "grpc");
            activity.SetTag("rpc.service", method.Service.FullName);
            activity.SetTag("rpc.method", method.Name);
        }
        return activity;
    }

    /// <summary>Ends the call's activity and records its duration, reading the clock only when the histogram is listened to.</summary>
    public static void EndCall(Activity? activity, Contracts.MethodContract method, StatusCode status, long startTimestamp)
    {
        if (activity is not null)
        {
            activity.SetTag("rpc.grpc.status_code", BoxedStatusCode(status));
            if (status != StatusCode.OK)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
            activity.Dispose();
        }
        if (Duration.Enabled)
        {
            Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds,
                new KeyValuePair<string, object?>("rpc.system", "grpc"),
                new KeyValuePair<string, object?>("rpc.service", method.Service.FullName),
                new KeyValuePair<string, object?>("rpc.method", method.Name),
                new KeyValuePair<string, object?>("rpc.grpc.status_code", BoxedStatusCode(status)));
        }
    }

    /// <summary>The 17 status codes as boxed ints, made once: tags take objects.</summary>
    private static readonly object[] BoxedCodes = Enumerable.Range(0, 17).Select(static code => (object)code).ToArray();

    private static object BoxedStatusCode(StatusCode status) => (uint)status < (uint)BoxedCodes.Length ? BoxedCodes[(int)status] : (int)status;
}
