using System.Net;
using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore.Tests.GrpcWeb;

/// <summary>The example of docs/grpc-web.md, built the same way (on free ports) and called as a browser and as a gRPC client.</summary>
[TestClass]
public sealed class GrpcWebDocsExampleTests
{
    [TestMethod]
    public async Task Hosting_example_serves_grpc_web_on_http1_with_cors_and_grpc_on_h2c()
    {
        // As in docs/grpc-web.md, "Enabling it"; ports 0 and loopback instead of ListenLocalhost(50051 / 8080).
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? grpc = null, web = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => { listen.Protocols = HttpProtocols.Http2; grpc = listen; });
            kestrel.Listen(IPAddress.Loopback, 0, listen => { listen.Protocols = HttpProtocols.Http1; web = listen; });
        });
        builder.Services.AddCodeFirstGrpc();
        builder.Services.AddGrpcWebCors("grpc-web", "http://localhost:5173");
        await using var app = builder.Build();
        app.UseCors("grpc-web");
        app.UseGrpcWeb();
        app.MapGrpcService<Docs.GreeterService>().EnableGrpcWeb();
        await app.StartAsync();
        try
        {
            using var browser = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web!.IPEndPoint!.Port}") };
            using var native = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri($"http://127.0.0.1:{grpc!.IPEndPoint!.Port}") };
            var hello = RawGrpc.FrameOf(new Docs.HelloRequest { Name = "Ada" });

            var fromBrowser = await GrpcWebClient.SendAsync(browser,
                GrpcWebClient.Request("/docs.v1.Greeter/SayHello", hello, GrpcWebClient.Text, "1.1", ("origin", "http://localhost:5173"), ("tenant", "acme")));
            var fromGrpc = await RawGrpc.CallAsync(native, "/docs.v1.Greeter/SayHello", hello, ("tenant", "acme"));

            Assert.AreEqual("Hello Ada from acme", MessageCodec.Decode<Docs.HelloReply>(fromBrowser.Messages.Single()).Message);
            Assert.AreEqual(StatusCode.OK, fromBrowser.Status);
            Assert.AreEqual("http://localhost:5173", fromBrowser.Http.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.AreEqual("Hello Ada from acme", MessageCodec.Decode<Docs.HelloReply>(fromGrpc.Messages.Single()).Message);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
