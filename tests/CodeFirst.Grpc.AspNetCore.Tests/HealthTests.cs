using CodeFirst.Grpc.AspNetCore.Health;
using CodeFirst.Grpc.Health;
using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary><c>grpc.health.v1.Health</c> over a real Kestrel, with upstream's names, wire and semantics.</summary>
[TestClass]
public sealed class HealthTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Task<GrpcTestHost> StartAsync() => GrpcTestHost.StartAsync(
        app =>
        {
            app.MapGrpcService<EchoService>();
            app.MapGrpcHealthService();
        },
        services: services => services.AddGrpcHealth());

    private static Task<RawResponse> CheckAsync(GrpcTestHost host, string service) =>
        RawGrpc.CallAsync(host.Client, "/grpc.health.v1.Health/Check", RawGrpc.FrameOf(new HealthCheckRequest { Service = service }));

    [TestMethod]
    [DataRow("")]
    [DataRow("test.v1.Echo")]
    [DataRow("grpc.health.v1.Health")]
    public async Task Check_reports_the_server_and_every_mapped_service_serving(string service)
    {
        await using var host = await StartAsync();

        var response = await CheckAsync(host, service);

        Assert.AreEqual(StatusCode.OK, response.Status);
        CollectionAssert.AreEqual(new byte[] { 0x08, 0x01 }, response.Messages.Single(), "status = SERVING (1) in field 1, as upstream's generated code writes it");
        Assert.AreEqual(ServingStatus.Serving, MessageCodec.Decode<HealthCheckResponse>(response.Messages.Single()).Status);
    }

    [TestMethod]
    public async Task Check_of_an_unknown_service_is_not_found()
    {
        await using var host = await StartAsync();

        var response = await CheckAsync(host, "no.such.Service");

        Assert.AreEqual(StatusCode.NotFound, response.Status);
        Assert.IsEmpty(response.Messages);
    }

    [TestMethod]
    public async Task Check_reports_what_was_set_and_the_default_again_once_cleared()
    {
        await using var host = await StartAsync();
        var statuses = host.Services.GetRequiredService<HealthStatusManager>();

        statuses.SetStatus("test.v1.Echo", ServingStatus.NotServing);
        statuses.SetStatus("custom.Component", ServingStatus.Serving);
        var notServing = await CheckAsync(host, "test.v1.Echo");
        var custom = await CheckAsync(host, "custom.Component");
        statuses.ClearStatus("test.v1.Echo");
        statuses.ClearStatus("custom.Component");
        var cleared = await CheckAsync(host, "test.v1.Echo");
        var forgotten = await CheckAsync(host, "custom.Component");

        Assert.AreEqual(ServingStatus.NotServing, MessageCodec.Decode<HealthCheckResponse>(notServing.Messages.Single()).Status);
        Assert.AreEqual(ServingStatus.Serving, MessageCodec.Decode<HealthCheckResponse>(custom.Messages.Single()).Status);
        Assert.AreEqual(ServingStatus.Serving, MessageCodec.Decode<HealthCheckResponse>(cleared.Messages.Single()).Status, "a mapped service is serving by default");
        Assert.AreEqual(StatusCode.NotFound, forgotten.Status);
    }

    [TestMethod]
    public async Task Watch_sends_the_current_status_then_each_change_until_the_client_cancels()
    {
        await using var host = await StartAsync();
        var statuses = host.Services.GetRequiredService<HealthStatusManager>();

        await using (var watch = await WatchAsync(host, "test.v1.Echo"))
        {
            Assert.AreEqual(ServingStatus.Serving, await watch.NextAsync());
            statuses.SetStatus("test.v1.Echo", ServingStatus.NotServing);
            Assert.AreEqual(ServingStatus.NotServing, await watch.NextAsync());
            statuses.SetStatus("test.v1.Echo", ServingStatus.NotServing); // no change: nothing sent
            statuses.SetStatus("other.Service", ServingStatus.NotServing); // another service: nothing sent
            statuses.SetStatus("test.v1.Echo", ServingStatus.Serving);
            Assert.AreEqual(ServingStatus.Serving, await watch.NextAsync());
            Assert.AreEqual(1, statuses.WatcherCount);
        }

        // The client reset the stream: the server-side watch ends and unsubscribes.
        await WaitUntilAsync(() => statuses.WatcherCount == 0);
    }

    [TestMethod]
    public async Task Watch_of_an_unknown_service_sends_service_unknown_and_keeps_watching()
    {
        await using var host = await StartAsync();
        var statuses = host.Services.GetRequiredService<HealthStatusManager>();

        await using var watch = await WatchAsync(host, "later.v1.Service");

        Assert.AreEqual(ServingStatus.ServiceUnknown, await watch.NextAsync());
        statuses.SetStatus("later.v1.Service", ServingStatus.Serving);
        Assert.AreEqual(ServingStatus.Serving, await watch.NextAsync());
        statuses.ClearStatus("later.v1.Service");
        Assert.AreEqual(ServingStatus.ServiceUnknown, await watch.NextAsync());
    }

    [TestMethod]
    public async Task Shutdown_reports_everything_not_serving_until_resumed()
    {
        await using var host = await StartAsync();
        var statuses = host.Services.GetRequiredService<HealthStatusManager>();
        await using var watch = await WatchAsync(host, "");
        Assert.AreEqual(ServingStatus.Serving, await watch.NextAsync());

        statuses.Shutdown();
        Assert.AreEqual(ServingStatus.NotServing, await watch.NextAsync());
        var mapped = await CheckAsync(host, "test.v1.Echo");
        var unknown = await CheckAsync(host, "no.such.Service");
        statuses.Resume();
        Assert.AreEqual(ServingStatus.Serving, await watch.NextAsync());

        Assert.AreEqual(ServingStatus.NotServing, MessageCodec.Decode<HealthCheckResponse>(mapped.Messages.Single()).Status);
        Assert.AreEqual(StatusCode.NotFound, unknown.Status, "shutting down does not make unknown services known");
    }

    [TestMethod]
    public void Service_unknown_cannot_be_set()
    {
        var statuses = new HealthStatusManager();

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => statuses.SetStatus("a.B", ServingStatus.ServiceUnknown));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => statuses.SetStatus("a.B", (ServingStatus)42));
        Assert.AreEqual(ServingStatus.Serving, statuses.GetStatus(""));
        Assert.IsNull(statuses.GetStatus("a.B"));
    }

    [TestMethod]
    public async Task Mapping_health_without_adding_it_fails_at_startup()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GrpcTestHost.StartAsync(app => app.MapGrpcHealthService()));

        StringAssert.Contains(error.Message, "AddGrpcHealth");
    }

    private static async Task<WatchCall> WatchAsync(GrpcTestHost host, string service)
    {
        var request = RawGrpc.Request("/grpc.health.v1.Health/Watch", RawGrpc.FrameOf(new HealthCheckRequest { Service = service }));
        var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.AreEqual("application/grpc", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStreamAsync();
        return new WatchCall(response, body);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.IsLessThan(deadline, DateTime.UtcNow, "timed out waiting for the condition");
            await Task.Delay(20);
        }
    }

    /// <summary>An open Watch call; disposing it resets the stream, as a cancelling client does.</summary>
    private sealed class WatchCall(HttpResponseMessage response, Stream body) : IAsyncDisposable
    {
        private readonly GrpcMessageReader _reader = new(body);

        public async Task<ServingStatus> NextAsync()
        {
            var message = await _reader.ReadAsync(Timeout);
            Assert.IsNotNull(message, $"the watch ended: grpc-status {string.Join(",", response.TrailingHeaders.NonValidated["grpc-status"])}");
            return MessageCodec.Decode<HealthCheckResponse>(message).Status;
        }

        public async ValueTask DisposeAsync()
        {
            await body.DisposeAsync();
            response.Dispose();
        }
    }
}
