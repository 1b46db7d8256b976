using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Grpc.AspNetCore.Health;
using CodeFirst.Grpc.Client.Tests.Docs;
using CodeFirst.Grpc.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>The examples of docs/client.md (Docs/ClientExamples.cs), run against the server runtime over loopback.</summary>
[TestClass]
public sealed class DocsExampleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [TestMethod]
    public async Task Plaintext_example_calls_the_greeter()
    {
        await using var server = await GreeterHost.StartAsync();
        Assert.AreEqual("Hello Ada", await ClientExamples.PlaintextAsync(server.Address));
    }

    [TestMethod]
    public async Task Private_ca_example_trusts_the_servers_certificate_and_only_with_that_ca()
    {
        using var ca = Certificates.CreateAuthority();
        using var serverCertificate = Certificates.CreateServer(ca);
        var app = await StartTlsServerAsync(serverCertificate);
        try
        {
            var address = $"https://localhost:{new Uri(Address(app)).Port}";
            using var caPublic = X509CertificateLoader.LoadCertificate(ca.RawData);

            using (var channel = ClientExamples.WithPrivateCa(address, caPublic))
            {
                var reply = await channel.CreateGrpcService<IGreeter>().SayHelloAsync(new HelloRequest { Name = "Ada" });
                Assert.AreEqual("Hello Ada", reply.Message);
            }
            using (var untrusting = GrpcChannel.ForAddress(address))
            {
                var e = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
                    await untrusting.CreateGrpcService<IGreeter>().SayHelloAsync(new HelloRequest { Name = "Ada" }));
                Assert.AreEqual(StatusCode.Unavailable, e.StatusCode, e.Message);
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task Several_addresses_example_spreads_calls_round_robin()
    {
        await using var a = await GreeterHost.StartAsync("a");
        await using var b = await GreeterHost.StartAsync("b");
        using var channel = ClientExamples.SeveralAddresses(a.Host.Address, b.Host.Address);
        var greeter = channel.CreateGrpcService<IGreeter>();

        var servedBy = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            servedBy.Add(await ServedByAsync(greeter));
        }
        CollectionAssert.AreEquivalent(new[] { "a", "a", "b", "b" }, servedBy);
        Assert.AreNotEqual(servedBy[0], servedBy[1]);
    }

    [TestMethod]
    public async Task Dns_example_resolves_the_name()
    {
        // Where localhost also resolves to ::1, the server (on 127.0.0.1 only) refuses that replica's connections and
        // calls move to the other one without failing.
        await using var server = await GreeterHost.StartAsync();
        using var channel = ClientExamples.Dns($"dns:///localhost:{server.Host.Address.Port}");
        var greeter = channel.CreateGrpcService<IGreeter>();
        for (var i = 0; i < 3; i++)
        {
            Assert.AreEqual("Hello Ada", (await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" })).Message);
        }
    }

    [TestMethod]
    public async Task Call_shape_examples_work()
    {
        await using var server = await GreeterHost.StartAsync();
        Assert.AreEqual("Hello Ada", (await ClientExamples.UnaryAsync(server.Greeter)).Message);
        CollectionAssert.AreEqual(new[] { "Hello Ada #1", "Hello Ada #2", "Hello Ada #3" }, await ClientExamples.ServerStreamingAsync(server.Greeter));
        Assert.AreEqual("Hello Ada, Grace", await ClientExamples.ClientStreamingAsync(server.Greeter));
        CollectionAssert.AreEqual(new[] { "Hello Ada", "Hello Grace" }, await ClientExamples.DuplexAsync(server.Greeter));
    }

    [TestMethod]
    public async Task Leaving_a_stream_early_cancels_the_call_on_the_server()
    {
        await using var server = await GreeterHost.StartAsync();
        Assert.AreEqual("Hello Ada #10", await ClientExamples.StopReadingAsync(server.Greeter));
        await server.Service.StreamCancelled.Task.WaitAsync(Patience);
    }

    [TestMethod]
    public async Task Call_options_example_sends_metadata_deadline_compression_and_credentials_and_captures_the_response()
    {
        await using var server = await GreeterHost.StartAsync();
        using var cancellation = new CancellationTokenSource();

        var (reply, servedBy, cost, status) = await ClientExamples.CallOptionsAsync(server.Greeter, "t0ken", cancellation.Token);

        Assert.AreEqual("Hello Ada", reply);
        Assert.AreEqual("server", servedBy);
        Assert.AreEqual("1", cost);
        Assert.AreEqual(StatusCode.OK, status);
        var headers = server.Service.LastHeaders!;
        Assert.AreEqual("acme", headers.GetValue("tenant"));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, headers.GetValueBytes("trace-bin"));
        Assert.AreEqual("Bearer t0ken", headers.GetValue("authorization"));
        Assert.AreEqual("gzip", server.Service.LastCall.Encoding);
        Assert.AreNotEqual("", server.Service.LastCall.Timeout);
    }

    [TestMethod]
    public async Task Shorthand_and_channel_default_examples_work()
    {
        await using var server = await GreeterHost.StartAsync();
        Assert.AreEqual("Hello Ada", (await ClientExamples.ShorthandsAsync(server.Greeter, CancellationToken.None)).Message);

        using var channel = ClientExamples.ChannelDefaults(server.Address, "t0ken");
        await channel.CreateGrpcService<IGreeter>().SayHelloAsync(new HelloRequest { Name = "Ada" });
        Assert.AreEqual("Bearer t0ken", server.Service.LastHeaders!.GetValue("authorization"));
        Assert.AreEqual("gzip", server.Service.LastCall.Encoding);
        Assert.AreNotEqual("", server.Service.LastCall.Timeout);
    }

    [TestMethod]
    public async Task Error_details_example_reads_error_info_and_bad_request()
    {
        await using var server = await GreeterHost.StartAsync();
        Assert.AreEqual("name is required (NAME_REQUIRED; name: must not be empty)", await ClientExamples.ErrorDetailsAsync(server.Greeter));
    }

    [TestMethod]
    public async Task Failures_example_tells_unreachable_deadline_and_cancellation_apart()
    {
        await using var server = await GreeterHost.StartAsync();
        var slow = new HelloRequest { Name = "slow" };

        using (var nowhere = GrpcChannel.ForAddress($"http://127.0.0.1:{UnusedPort()}"))
        {
            Assert.AreEqual("unreachable", await ClientExamples.FailuresAsync(nowhere.CreateGrpcService<IGreeter>(), new HelloRequest { Name = "Ada" }, default));
        }
        Assert.AreEqual("too slow", await ClientExamples.FailuresAsync(server.Greeter, slow, new CallOptions { Deadline = DateTime.UtcNow.AddMilliseconds(200) }));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.AreEqual("cancelled", await ClientExamples.FailuresAsync(server.Greeter, slow, cancellation.Token));
    }

    [TestMethod]
    public async Task Retry_example_retries_unavailable_and_honours_pushback()
    {
        await using var server = await GreeterHost.StartAsync();
        using var channel = ClientExamples.WithRetries(server.Address);
        var greeter = channel.CreateGrpcService<IGreeter>();

        Assert.AreEqual("Hello flaky", (await greeter.SayHelloAsync(new HelloRequest { Name = "flaky" })).Message);
        Assert.AreEqual(3, server.Service.Calls("flaky"));
        Assert.AreEqual("2", server.Service.LastCall.PreviousAttempts);

        Assert.AreEqual("Hello busy", (await greeter.SayHelloAsync(new HelloRequest { Name = "busy" })).Message);
        Assert.AreEqual(2, server.Service.Calls("busy"));

        var e = await Assert.ThrowsExactlyAsync<RpcException>(async () => await greeter.SayHelloAsync(new HelloRequest { Name = "stop" }));
        Assert.AreEqual(StatusCode.Unavailable, e.StatusCode);
        Assert.AreEqual(1, server.Service.Calls("stop"));

        // Chat has its own config without a policy, and still works.
        CollectionAssert.AreEqual(new[] { "Hello Ada", "Hello Grace" }, await ClientExamples.DuplexAsync(greeter));
    }

    [TestMethod]
    public async Task Pick_first_moves_to_the_next_address_when_the_first_stops()
    {
        var a = await GreeterHost.StartAsync("a");
        await using var b = await GreeterHost.StartAsync("b");
        using var channel = GrpcChannel.ForAddresses([a.Host.Address, b.Host.Address]);
        var greeter = channel.CreateGrpcService<IGreeter>();

        Assert.AreEqual("a", await ServedByAsync(greeter));
        Assert.AreEqual("a", await ServedByAsync(greeter));
        await a.DisposeAsync();
        // A call sent on a's pooled connection before the client has read its closing can still fail with
        // UNAVAILABLE (this channel has no retry policy to retry it); the calls after it go to b.
        await UntilAsync(async () => await TryServedByAsync(greeter) == "b");
        Assert.AreEqual("b", await ServedByAsync(greeter));
    }

    [TestMethod]
    public async Task Health_checked_example_skips_a_replica_while_it_is_not_serving()
    {
        await using var a = await GreeterHost.StartAsync("a", health: true);
        await using var b = await GreeterHost.StartAsync("b", health: true);
        using var channel = ClientExamples.HealthChecked([a.Host.Address, b.Host.Address]);
        var greeter = channel.CreateGrpcService<IGreeter>();
        var bHealth = b.Host.Services.GetRequiredService<HealthStatusManager>();

        await UntilAsync(async () => await ServedBySeveralAsync(greeter) is { } seen && seen.Contains("a") && seen.Contains("b"));
        bHealth.SetStatus("greet.v1.Greeter", ServingStatus.NotServing);
        await UntilAsync(async () => (await ServedBySeveralAsync(greeter)).All(s => s == "a"));
        bHealth.SetStatus("greet.v1.Greeter", ServingStatus.Serving);
        await UntilAsync(async () => (await ServedBySeveralAsync(greeter)).Contains("b"));
    }

    [TestMethod]
    public async Task Interceptor_example_adds_metadata_and_sees_the_status()
    {
        await using var server = await GreeterHost.StartAsync();
        var log = new List<string>();
        using var channel = ClientExamples.WithInterceptor(server.Address, line => { lock (log) { log.Add(line); } });
        var greeter = channel.CreateGrpcService<IGreeter>();

        await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" });
        await Assert.ThrowsExactlyAsync<RpcException>(async () => await greeter.SayHelloAsync(new HelloRequest { Name = "" }));

        Assert.AreEqual("billing", server.Service.LastHeaders!.GetValue("x-client"));
        Assert.AreEqual(2, log.Count);
        StringAssert.StartsWith(log[0], "/greet.v1.Greeter/SayHello: OK after ");
        StringAssert.StartsWith(log[1], "/greet.v1.Greeter/SayHello: InvalidArgument after ");
    }

    [TestMethod]
    public async Task Limits_example_refuses_a_response_over_the_receive_limit()
    {
        await using var server = await GreeterHost.StartAsync();
        using var channel = ClientExamples.WithLimits(server.Address);
        var greeter = channel.CreateGrpcService<IGreeter>();

        Assert.AreEqual("Hello Ada", (await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" })).Message);
        var e = await Assert.ThrowsExactlyAsync<RpcException>(async () => await greeter.SayHelloAsync(new HelloRequest { Name = "big" }));
        Assert.AreEqual(StatusCode.ResourceExhausted, e.StatusCode);
        var tooBig = await Assert.ThrowsExactlyAsync<RpcException>(async () => await greeter.SayHelloAsync(new HelloRequest { Name = new string('x', 2 * 1024 * 1024) }));
        Assert.AreEqual(StatusCode.ResourceExhausted, tooBig.StatusCode);
    }

    [TestMethod]
    public async Task Lifetime_example_shares_one_channel_and_disposes_it_with_the_container()
    {
        await using var server = await GreeterHost.StartAsync();
        var provider = ClientExamples.Register(new ServiceCollection(), server.Address).BuildServiceProvider();
        var greeter = provider.GetRequiredService<IGreeter>();
        var channel = provider.GetRequiredService<GrpcChannel>();

        Assert.AreEqual("Hello Ada", (await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" })).Message);
        Assert.AreSame(greeter, provider.GetRequiredService<IGreeter>());
        await provider.DisposeAsync();

        Assert.ThrowsExactly<ObjectDisposedException>(() => channel.CreateGrpcService<IGreeter>());
        await Assert.ThrowsAsync<Exception>(async () => await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" }));
    }

    private static async Task<string?> ServedByAsync(IGreeter greeter)
    {
        var context = new CallContext(new CallOptions(), CallContextFlags.CaptureMetadata);
        await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" }, context);
        return (await context.ResponseHeadersAsync()).GetValue("served-by");
    }

    private static async Task<string?> TryServedByAsync(IGreeter greeter)
    {
        try
        {
            return await ServedByAsync(greeter);
        }
        catch (RpcException)
        {
            return null;
        }
    }

    private static async Task<List<string?>> ServedBySeveralAsync(IGreeter greeter)
    {
        var seen = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            seen.Add(await ServedByAsync(greeter));
        }
        return seen;
    }

    /// <summary>Retries <paramref name="condition"/> until it holds, failing after <see cref="Patience"/>.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                Assert.Fail("The condition did not hold in time.");
            }
            await Task.Delay(50);
        }
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    private static async Task<WebApplication> StartTlsServerAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(certificate);
        }));
        builder.Services.AddCodeFirstGrpc();
        builder.Services.AddSingleton(new GreeterService());
        var app = builder.Build();
        app.MapGrpcService<GreeterService>();
        await app.StartAsync();
        return app;
    }

    /// <summary>A greeter on a real Kestrel, optionally with the health service, and a client for it.</summary>
    private sealed class GreeterHost : IAsyncDisposable
    {
        private readonly GrpcChannel _channel;

        private GreeterHost(GrpcTestHost host, GreeterService service)
        {
            Host = host;
            Service = service;
            _channel = GrpcChannel.ForAddress(host.Address);
            Greeter = _channel.CreateGrpcService<IGreeter>();
        }

        public GrpcTestHost Host { get; }

        public GreeterService Service { get; }

        public IGreeter Greeter { get; }

        public string Address => Host.Address.ToString();

        public static async Task<GreeterHost> StartAsync(string name = "server", bool health = false)
        {
            var service = new GreeterService(name);
            var host = await GrpcTestHost.StartAsync(
                app =>
                {
                    app.MapGrpcService<GreeterService>();
                    if (health)
                    {
                        app.MapGrpcHealthService();
                    }
                },
                services: services =>
                {
                    services.AddSingleton(service);
                    if (health)
                    {
                        services.AddGrpcHealth();
                    }
                });
            return new GreeterHost(host, service);
        }

        public async ValueTask DisposeAsync()
        {
            _channel.Dispose();
            await Host.DisposeAsync();
        }
    }

    /// <summary>A private CA and a server certificate it issued, for the TLS example.</summary>
    private static class Certificates
    {
        public static X509Certificate2 CreateAuthority()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=CodeFirst docs test CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        }

        public static X509Certificate2 CreateServer(X509Certificate2 authority)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
            using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
            using var withKey = issued.CopyWithPrivateKey(key);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }
}
