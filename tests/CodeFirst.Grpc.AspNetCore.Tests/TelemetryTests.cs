using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary>An activity and an rpc.server.duration measurement per call, with the OpenTelemetry RPC tags.</summary>
[TestClass]
[DoNotParallelize]
public sealed class TelemetryTests
{
    [TestMethod]
    public async Task Each_call_produces_a_server_activity_and_a_duration_with_rpc_tags()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "CodeFirst.Grpc.Server",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);
        var measurements = new ConcurrentQueue<(double Value, Dictionary<string, object?> Tags)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "CodeFirst.Grpc.Server" && instrument.Name == "rpc.server.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            measurements.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meterListener.Start();
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var clock = Stopwatch.StartNew();
        await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { FailWith = StatusCode.NotFound, DelayMilliseconds = 50 }));
        var clientMilliseconds = clock.Elapsed.TotalMilliseconds;

        var activity = activities.Single(a => a.OperationName == "test.v1.Echo/Unary");
        Assert.AreEqual(ActivityKind.Server, activity.Kind);
        Assert.AreEqual("grpc", activity.GetTagItem("rpc.system"));
        Assert.AreEqual("test.v1.Echo", activity.GetTagItem("rpc.service"));
        Assert.AreEqual("Unary", activity.GetTagItem("rpc.method"));
        Assert.AreEqual((int)StatusCode.NotFound, activity.GetTagItem("rpc.grpc.status_code"));
        var measurement = measurements.Single(m => Equals(m.Tags["rpc.method"], "Unary"));
        Assert.AreEqual("test.v1.Echo", measurement.Tags["rpc.service"]);
        Assert.AreEqual((int)StatusCode.NotFound, measurement.Tags["rpc.grpc.status_code"]);
        Assert.IsGreaterThan(0, measurement.Value);
        // Measured from the call's start to its end: it spans the handler's wait, and fits inside the client's view.
        Assert.IsGreaterThanOrEqualTo(45, measurement.Value, "the duration covers the handler");
        Assert.IsLessThanOrEqualTo(clientMilliseconds, measurement.Value, "the duration is the call's, not longer");
    }
}
