using CodeFirst.Grpc.AspNetCore.Health;
using CodeFirst.Grpc.Health;
using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary>Graceful shutdown: in-flight calls may finish within the grace period; the rest end UNAVAILABLE.</summary>
[TestClass]
public sealed class ShutdownTests
{
    [TestMethod]
    public async Task Stopping_lets_short_calls_finish_and_cancels_long_ones_with_unavailable()
    {
        var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>(), options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
        await using var _ = host;

        var shortCall = RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "short", DelayMilliseconds = 300 }));
        var longCall = RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "long", DelayMilliseconds = 60_000 }));
        await Task.Delay(100);

        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var late = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "late" }));

        var shortResponse = await shortCall.WaitAsync(TimeSpan.FromSeconds(10));
        var longResponse = await longCall.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual(StatusCode.OK, shortResponse.Status);
        Assert.AreEqual("short", MessageCodec.Decode<EchoReply>(shortResponse.Messages.Single()).Text);
        Assert.AreEqual(StatusCode.Unavailable, longResponse.Status);
        Assert.AreEqual(StatusCode.Unavailable, late.Status, "a call arriving while draining is refused");
    }

    [TestMethod]
    public async Task Health_flips_to_not_serving_when_shutdown_begins()
    {
        var host = await GrpcTestHost.StartAsync(app =>
        {
            app.MapGrpcService<EchoService>();
            app.MapGrpcHealthService();
        }, options => options.ShutdownTimeout = TimeSpan.FromSeconds(1), services => services.AddGrpcHealth());
        await using var _ = host;
        var health = host.Services.GetRequiredService<HealthStatusManager>();
        Assert.AreEqual(ServingStatus.Serving, health.GetStatus(""));

        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.AreEqual(ServingStatus.NotServing, health.GetStatus(""));
        Assert.AreEqual(ServingStatus.NotServing, health.GetStatus("test.v1.Echo"));
    }
}
