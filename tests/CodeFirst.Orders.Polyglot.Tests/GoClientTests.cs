using CodeFirst.Testing;

namespace CodeFirst.Orders.Polyglot.Tests;

/// <summary>tests/Polyglot/go (grpc-go 1.33, protoc-gen-go and protoc-gen-go-grpc code) against the real order server.</summary>
[TestClass]
public sealed class GoClientTests
{
    private static string? s_build;

    [ClassInitialize]
    public static async Task BuildAsync(TestContext _)
    {
        ExternalTool.Require("go", PolyglotClients.AptPeers, "go");
        ExternalTool.Require("protoc", PolyglotClients.AptPeers, "protoc");
        s_build = PolyglotClients.NewTempDirectory("codefirst-polyglot-go-");
        // build.sh exits 3 naming whatever else is missing (the protoc plugins, grpc-go, genproto).
        await PolyglotClients.RunScriptAsync("tests/Polyglot/go/build.sh", s_build, "the Go client's build tools");
    }

    [ClassCleanup]
    public static void Clean() => PolyglotClients.DeleteDirectory(s_build);

    [TestMethod]
    public async Task Go_client_calls_every_method_and_reads_rich_errors()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        await PolyglotClients.RunAsync(server, Path.Combine(s_build!, "orders-client"), []);
    }
}
