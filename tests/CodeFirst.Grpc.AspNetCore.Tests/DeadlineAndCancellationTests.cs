using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary>grpc-timeout is enforced and client cancellation reaches the handler.</summary>
[TestClass]
public sealed class DeadlineAndCancellationTests
{
    [TestMethod]
    [DataRow("100m")]
    [DataRow("100000u")]
    [DataRow("99999999n")]
    public async Task Handler_exceeding_the_deadline_ends_with_deadline_exceeded(string timeout)
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());
        var text = "deadline " + timeout;

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary",
            RawGrpc.FrameOf(new EchoRequest { Text = text, DelayMilliseconds = 20_000 }), ("grpc-timeout", timeout));

        Assert.AreEqual(StatusCode.DeadlineExceeded, response.Status);
        await EchoService.CancellationSeen(text).WaitAsync(TimeSpan.FromSeconds(10)); // this handler's token fired
    }

    [TestMethod]
    public async Task Deadline_is_enforced_even_if_the_stream_has_started()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/ServerStream",
            RawGrpc.FrameOf(new EchoRequest { Count = 2, DelayMilliseconds = 20_000 }), ("grpc-timeout", "200m"));

        Assert.AreEqual(2, response.Messages.Count);
        Assert.AreEqual(StatusCode.DeadlineExceeded, response.Status);
    }

    [TestMethod]
    public async Task Client_cancellation_cancels_the_handler()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAsync<OperationCanceledException>(() => RawGrpc.SendAsync(host.Client,
            RawGrpc.Request("/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "client cancels", DelayMilliseconds = 20_000 })), cancel.Token));

        await EchoService.CancellationSeen("client cancels").WaitAsync(TimeSpan.FromSeconds(10));
    }
}
