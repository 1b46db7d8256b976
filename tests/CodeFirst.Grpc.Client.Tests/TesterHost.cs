using CodeFirst.Grpc.AspNetCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>A real Kestrel on a loopback port serving one <see cref="TesterService"/>, and the test's channel to it.</summary>
public sealed class TesterHost : IAsyncDisposable
{
    private TesterHost(GrpcTestHost host, TesterService service, GrpcChannel channel)
    {
        Host = host;
        Service = service;
        Channel = channel;
        Client = channel.CreateGrpcService<ITester>();
    }

    public GrpcTestHost Host { get; }

    public TesterService Service { get; }

    public GrpcChannel Channel { get; }

    public ITester Client { get; }

    public static async Task<TesterHost> StartAsync(GrpcChannelOptions? options = null, Action<GrpcServerOptions>? server = null, string name = "server")
    {
        var service = new TesterService(name);
        var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<TesterService>(), server, services => services.AddSingleton(service));
        return new TesterHost(host, service, GrpcChannel.ForAddress(host.Address, options));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Host.DisposeAsync();
    }
}
