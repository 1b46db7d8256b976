using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace CodeFirst.Grpc.AspNetCore.Tests.GrpcWeb;

/// <summary>CORS for gRPC-Web through ASP.NET Core's CORS middleware: preflight answered, status headers exposed.</summary>
[TestClass]
public sealed class GrpcWebCorsTests
{
    private const string Origin = "http://shop.example";
    private const string Unary = "/test.v1.Echo/Unary";

    /// <summary>A host with the policy applied globally (<c>UseCors(name)</c>) or per service (<c>RequireCors(name)</c>).</summary>
    private static Task<GrpcTestHost> StartAsync(bool perService) =>
        GrpcWebClient.StartAsync(app =>
        {
            if (perService)
            {
                app.UseCors();
            }
            else
            {
                app.UseCors("grpc-web");
            }
            app.UseGrpcWeb();
            var echo = app.MapGrpcService<EchoService>().EnableGrpcWeb();
            if (perService)
            {
                echo.RequireCors("grpc-web");
            }
        }, services: services => services.AddGrpcWebCors("grpc-web", Origin));

    [TestMethod]
    [DataRow("1.1", false)]
    [DataRow("1.1", true)]
    [DataRow("2", false)]
    [DataRow("2", true)]
    public async Task Preflight_is_answered_with_the_allowed_method_and_headers(string version, bool perService)
    {
        await using var host = await StartAsync(perService);
        using var preflight = Preflight(version, Origin, "content-type,x-grpc-web,x-user-agent,grpc-timeout,authorization");

        using var response = await GrpcWebClient.Client(host, version).SendAsync(preflight);

        Assert.IsTrue(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}");
        Assert.AreEqual(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        StringAssert.Contains(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), "POST");
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).Split(',').Select(h => h.Trim()).ToList();
        foreach (var header in new[] { "content-type", "x-grpc-web", "x-user-agent", "grpc-timeout", "authorization" })
        {
            Assert.Contains(header, allowed);
        }
    }

    [TestMethod]
    public async Task Preflight_from_another_origin_is_not_allowed()
    {
        await using var host = await StartAsync(perService: false);
        using var preflight = Preflight("1.1", "http://evil.example", "content-type,x-grpc-web");

        using var response = await host.Http1Client.SendAsync(preflight);

        Assert.IsFalse(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [TestMethod]
    [DataRow("1.1", false)]
    [DataRow("2", true)]
    public async Task Responses_expose_the_status_headers(string version, bool perService)
    {
        await using var host = await StartAsync(perService);

        var ok = await GrpcWebClient.CallAsync(host, version, Unary, RawGrpc.FrameOf(new EchoRequest { Text = "c" }), GrpcWebClient.Binary, ("origin", Origin));
        var failed = await GrpcWebClient.CallAsync(host, version, Unary, RawGrpc.FrameOf(new EchoRequest { Text = "c", FailWith = StatusCode.NotFound }), GrpcWebClient.Binary, ("origin", Origin));

        Assert.AreEqual(StatusCode.OK, ok.Status);
        Assert.AreEqual(StatusCode.NotFound, failed.Status);
        foreach (var response in new[] { ok, failed })
        {
            Assert.AreEqual(Origin, response.Http.Headers.GetValues("Access-Control-Allow-Origin").Single());
            var exposed = string.Join(",", response.Http.Headers.GetValues("Access-Control-Expose-Headers")).Split(',').Select(h => h.Trim()).ToList();
            foreach (var header in new[] { "grpc-status", "grpc-message", "grpc-status-details-bin" })
            {
                Assert.Contains(header, exposed);
            }
        }
    }

    [TestMethod]
    public void Policy_names_exactly_the_grpc_web_headers()
    {
        var policy = new Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder().WithOrigins(Origin).WithGrpcWebHeaders().WithHeaders("tenant").Build();

        CollectionAssert.AreEqual(new[] { "POST" }, policy.Methods.ToArray());
        CollectionAssert.AreEqual(GrpcWebCorsExtensions.RequestHeaders.Append("tenant").ToArray(), policy.Headers.ToArray());
        CollectionAssert.IsSubsetOf(new[] { "grpc-status", "grpc-message", "grpc-status-details-bin" }, policy.ExposedHeaders.ToArray());
    }

    private static HttpRequestMessage Preflight(string version, string origin, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Unary)
        {
            Version = version == "1.1" ? System.Net.HttpVersion.Version11 : System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }
}
