using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Grpc.AspNetCore.Health;
using CodeFirst.Grpc.Health;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>The channel's lifetime and the calls its proxies return.</summary>
[TestClass]
public sealed class ChannelTests
{
    [TestMethod]
    public async Task Each_enumeration_of_a_streaming_result_is_a_call_of_its_own()
    {
        await using var host = await TesterHost.StartAsync();
        var stream = host.Client.ServerStreamAsync(new TestRequest { Text = "twice", Count = 3 });
        var first = stream.ToListAsync().AsTask();
        var second = stream.ToListAsync().AsTask();
        Assert.AreEqual(3, (await first).Count);
        Assert.AreEqual(3, (await second).Count);
        Assert.AreEqual(2, host.Service.Calls("twice"));
    }

    [TestMethod]
    public async Task A_given_HttpHandler_carries_every_call_and_stays_the_callers()
    {
        await using var host = await TesterHost.StartAsync();
        using var counting = new CountingHandler(new SocketsHttpHandler());
        using (var channel = GrpcChannel.ForAddress(host.Host.Address, new GrpcChannelOptions { HttpHandler = counting }))
        {
            var client = channel.CreateGrpcService<ITester>();
            Assert.AreEqual("one", (await client.UnaryAsync(new TestRequest { Text = "one" })).Text);
            Assert.AreEqual(3, (await client.ServerStreamAsync(new TestRequest { Text = "many", Count = 3 }).ToListAsync()).Count);
        }
        Assert.AreEqual(2, counting.Requests);

        // Disposing the channel left the handler usable: it is the caller's.
        using var again = GrpcChannel.ForAddress(host.Host.Address, new GrpcChannelOptions { HttpHandler = counting });
        Assert.AreEqual("two", (await again.CreateGrpcService<ITester>().UnaryAsync(new TestRequest { Text = "two" })).Text);
        Assert.AreEqual(3, counting.Requests);
    }

    [TestMethod]
    public void HttpHandler_and_ConfigureHttpHandler_together_are_refused()
    {
        using var handler = new SocketsHttpHandler();
        var error = Assert.ThrowsExactly<ArgumentException>(() => GrpcChannel.ForAddress("http://localhost:1",
            new GrpcChannelOptions { HttpHandler = handler, ConfigureHttpHandler = _ => { } }));
        StringAssert.Contains(error.Message, "ConfigureHttpHandler");
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [TestMethod]
    public async Task A_call_on_a_disposed_channel_throws_ObjectDisposedException()
    {
        await using var host = await TesterHost.StartAsync();
        host.Channel.Dispose();
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => host.Client.UnaryAsync(new TestRequest { Text = "late" }).AsTask());
        Assert.ThrowsExactly<ObjectDisposedException>(() => host.Channel.CreateGrpcService<ITester>());
    }

    [TestMethod]
    public async Task A_single_address_reporting_NOT_SERVING_fails_fast_with_UNAVAILABLE()
    {
        var service = new TesterService();
        await using var host = await GrpcTestHost.StartAsync(app =>
        {
            app.MapGrpcService<TesterService>();
            app.MapGrpcHealthService();
        }, services: services => services.AddSingleton(service).AddGrpcHealth());
        using var channel = GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions { ServiceConfig = new ServiceConfig { HealthCheckServiceName = "" } });
        var client = channel.CreateGrpcService<ITester>();
        Assert.AreEqual("up", (await client.UnaryAsync(new TestRequest { Text = "up" })).Text);

        host.Services.GetRequiredService<HealthStatusManager>().SetStatus("", ServingStatus.NotServing);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        RpcException? refused = null;
        while (refused is null)
        {
            // The watch delivers the change asynchronously; until then calls still go through.
            try
            {
                await client.UnaryAsync(new TestRequest { Text = "probe" }, timeout.Token);
                await Task.Delay(20, timeout.Token);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                refused = e;
            }
        }
        StringAssert.Contains(refused.Status.Detail, "NOT_SERVING");
        Assert.AreEqual(0, service.Calls("refused"));
        await Assert.ThrowsExactlyAsync<RpcException>(() => client.UnaryAsync(new TestRequest { Text = "refused" }).AsTask());
        Assert.AreEqual(0, service.Calls("refused"), "no call reached the NOT_SERVING server");
    }
}
