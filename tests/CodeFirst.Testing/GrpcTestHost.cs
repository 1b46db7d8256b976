using System.Net;
using CodeFirst.Grpc.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Testing;

/// <summary>
/// A real Kestrel on a dynamic loopback port speaking h2c, with the services a test maps; disposed
/// (stopped) by the test that started it. Shared by the server tests and the interop tests. On request it also
/// listens on a second, HTTP/1.1-only port, as a server for plaintext browsers (gRPC-Web) does.
/// </summary>
public sealed class GrpcTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly HttpClient? _http1Client;

    private GrpcTestHost(WebApplication app, Uri address, Uri? http1Address)
    {
        _app = app;
        Address = address;
        Http1Address = http1Address;
        if (http1Address is not null)
        {
            _http1Client = new HttpClient(new SocketsHttpHandler())
            {
                BaseAddress = http1Address,
                DefaultRequestVersion = HttpVersion.Version11,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Timeout = TimeSpan.FromSeconds(30),
            };
        }
        Client = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
        {
            BaseAddress = address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri Address { get; }

    /// <summary>An HTTP/2 (h2c) client for this host.</summary>
    public HttpClient Client { get; }

    /// <summary>The HTTP/1.1 endpoint, when the host was started with <c>http1: true</c>.</summary>
    public Uri? Http1Address { get; }

    /// <summary>An HTTP/1.1 client for <see cref="Http1Address"/>.</summary>
    public HttpClient Http1Client => _http1Client ?? throw new InvalidOperationException("Start the host with http1: true for an HTTP/1.1 endpoint.");

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a host; <paramref name="port"/> 0 picks a free one (a test restarting a replica passes its old port);
    /// <paramref name="http1"/> adds an HTTP/1.1-only endpoint on another free port (<see cref="Http1Client"/>).
    /// <paramref name="map"/> receives the <see cref="WebApplication"/>, so it may add middleware too.
    /// </summary>
    public static async Task<GrpcTestHost> StartAsync(Action<IEndpointRouteBuilder> map, Action<GrpcServerOptions>? configure = null, Action<IServiceCollection>? services = null, int port = 0, bool http1 = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? http1Listen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
            if (http1)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    http1Listen = listen;
                });
            }
        });
        builder.Services.AddCodeFirstGrpc(configure);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        // Kestrel updates each ListenOptions with the port it bound, which tells the two endpoints apart.
        var http1Address = http1Listen is null ? null : addresses.Single(a => a.Port == http1Listen.IPEndPoint!.Port);
        return new GrpcTestHost(app, addresses.Single(a => a != http1Address), http1Address);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _http1Client?.Dispose();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
