using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace CodeFirst.Orders.Server.Tests.Process;

/// <summary>
/// The real server process serving TLS from a certificate made at runtime, configured as operators do
/// (<c>Kestrel:Endpoints:Grpc:Certificate</c>, PEM or password-protected PFX), called over real sockets by the .NET
/// client and by Debian's grpcio.
/// </summary>
[TestClass]
public sealed class TlsTests
{
    private static readonly TimeSpan PythonTimeout = TimeSpan.FromSeconds(60);

    private TemporaryDirectory _directory = null!;

    [TestInitialize]
    public void CreateDirectory() => _directory = TemporaryDirectory.Create("codefirst-tls-");

    [TestCleanup]
    public void DeleteDirectory() => _directory.Dispose();

    [TestMethod]
    public async Task Pem_certificate_serves_grpc_over_tls_to_a_client_that_trusts_exactly_it()
    {
        using var certificate = TestCertificate.CreateForLocalhost();
        var (certificatePath, keyPath) = certificate.WritePem(_directory.Path);
        var options = TlsOptions();
        options.Configuration["Kestrel__Endpoints__Grpc__Certificate__Path"] = certificatePath;
        options.Configuration["Kestrel__Endpoints__Grpc__Certificate__KeyPath"] = keyPath;
        await using var server = await OrderServerProcess.StartAsync(options);

        await AssertServesTlsAsync(server, certificate);
    }

    [TestMethod]
    public async Task Pfx_certificate_with_a_password_serves_grpc_over_tls()
    {
        using var certificate = TestCertificate.CreateForLocalhost();
        var options = TlsOptions();
        options.Configuration["Kestrel__Endpoints__Grpc__Certificate__Path"] = certificate.WritePfx(_directory.Path, "pfx-pa55word");
        options.Configuration["Kestrel__Endpoints__Grpc__Certificate__Password"] = "pfx-pa55word";
        await using var server = await OrderServerProcess.StartAsync(options);

        await AssertServesTlsAsync(server, certificate);
    }

    [TestMethod]
    public async Task Python_grpcio_calls_over_tls_with_generic_raw_byte_methods()
    {
        var python = await Peers.RequirePythonGrpcAsync();
        using var certificate = TestCertificate.CreateForLocalhost();
        using var other = TestCertificate.CreateForLocalhost();
        var (certificatePath, keyPath) = certificate.WritePem(_directory.Path);
        var (otherPath, _) = other.WritePem(_directory.Path, "other");
        var options = TlsOptions();
        options.Configuration["Kestrel__Endpoints__Grpc__Certificate__Path"] = certificatePath;
        options.Configuration["Kestrel__Endpoints__Grpc__Certificate__KeyPath"] = keyPath;
        await using var server = await OrderServerProcess.StartAsync(options);
        using var channel = TrustingChannel(server, certificate.Certificate, ProcessClients.Alice);
        var order = await channel.CreateGrpcService<IOrderService>().CreateOrderAsync(ProcessClients.NewOrder("alice"));

        var result = await Peers.RunClientAsync(python,
        [
            RepoPaths.Combine("tests/Polyglot/tls/tls_check.py"),
            "--address", $"127.0.0.1:{server.Address.Port}",
            "--ca", certificatePath,
            "--server-name", "localhost",
            "--token", ProcessClients.Alice,
            "--order-id", order.Id,
            "--untrusted-ca", otherPath,
        ], PythonTimeout, context: () => $"server:\n{server.Output}");

        foreach (var step in new[] { "health_serving", "unknown_order_not_found", "no_token_unauthenticated", "existing_order_found", "untrusted_certificate_unavailable" })
        {
            StringAssert.Contains(result.StandardOutput, $"ok {step}", $"every step ran:\n{result.Output}");
        }
    }

    private static OrderServerProcessOptions TlsOptions() => new() { Url = "https://127.0.0.1:0" };

    /// <summary>Create and get over TLS trusting exactly the server's certificate; a client that does not trust it gets UNAVAILABLE.</summary>
    private static async Task AssertServesTlsAsync(OrderServerProcess server, TestCertificate certificate)
    {
        Assert.AreEqual(Uri.UriSchemeHttps, server.Address.Scheme, server.Output);
        StringAssert.Contains(server.Output, "gRPC over TLS", "the banner says the endpoint is TLS");

        using var trusting = TrustingChannel(server, certificate.Certificate, ProcessClients.Alice);
        var orders = trusting.CreateGrpcService<IOrderService>();
        var created = await orders.CreateOrderAsync(ProcessClients.NewOrder("alice"));
        var got = await orders.GetOrderAsync(new GetOrderRequest { Id = created.Id });
        Assert.AreEqual(created.Id, got.Id);
        Assert.AreEqual(59.98, got.Total);
        Assert.AreEqual("alice", got.CustomerId);

        // The system's roots do not include a certificate made a moment ago: the handshake fails.
        using var untrusting = ProcessClients.Connect(server, ProcessClients.Alice);
        await ProcessClients.ExpectStatusAsync(StatusCode.Unavailable,
            async () => await untrusting.CreateGrpcService<IOrderService>().GetOrderAsync(new GetOrderRequest { Id = created.Id }),
            "a client that does not trust the certificate");

        // The handshake itself: the configured certificate, and HTTP/2 chosen by ALPN (as gRPC over TLS needs).
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(server.Address.Host, server.Address.Port);
            X509Certificate? presented = null;
            await using var tls = new SslStream(tcp.GetStream(), false, (_, remote, _, _) => (presented = remote) is not null);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ApplicationProtocols = [SslApplicationProtocol.Http2],
            });
            Assert.AreEqual(certificate.Certificate.Thumbprint, presented?.GetCertHashString(), "the server presents the configured certificate");
            Assert.AreEqual(SslApplicationProtocol.Http2, tls.NegotiatedApplicationProtocol);
        }

        // The TLS endpoint serves nothing in plaintext: an h2c client on its port gets no answer.
        using var plaintext = GrpcChannel.ForAddress(new UriBuilder(server.Address) { Scheme = Uri.UriSchemeHttp }.Uri,
            new GrpcChannelOptions { Credentials = CallCredentials.FromBearerToken(ProcessClients.Alice), DefaultTimeout = ProcessClients.CallTimeout });
        await ProcessClients.ExpectStatusAsync(StatusCode.Unavailable,
            async () => await plaintext.CreateGrpcService<IOrderService>().GetOrderAsync(new GetOrderRequest { Id = created.Id }),
            "a plaintext (h2c) client on the TLS port");

        // Nor does a client trusting another certificate with the same names.
        using var impostor = TestCertificate.CreateForLocalhost();
        using var misled = TrustingChannel(server, impostor.Certificate, ProcessClients.Alice);
        await ProcessClients.ExpectStatusAsync(StatusCode.Unavailable,
            async () => await misled.CreateGrpcService<IOrderService>().GetOrderAsync(new GetOrderRequest { Id = created.Id }),
            "a client that trusts only a different certificate");
    }

    /// <summary>A channel that trusts <paramref name="trusted"/> and nothing else (not the system's roots), as docs/client.md shows.</summary>
    private static GrpcChannel TrustingChannel(OrderServerProcess server, X509Certificate2 trusted, string token) =>
        ProcessClients.Connect(server, token, options => options.ConfigureHttpHandler = handler =>
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { X509CertificateLoader.LoadCertificate(trusted.RawData) },
                RevocationMode = X509RevocationMode.NoCheck,
            });
}
