using CodeFirst.Testing;

namespace CodeFirst.Orders.Polyglot.Tests;

/// <summary>tests/Polyglot/go (grpc-go 1.33, protoc-gen-go and protoc-gen-go-grpc code) against the real order server.</summary>
[TestClass]
public sealed class GoClientTests
{
    private static TemporaryDirectory? s_build;

    /// <summary>build.sh exits 3 naming whatever is missing (Go, protoc, the protoc plugins, grpc-go, genproto).</summary>
    [ClassInitialize]
    public static async Task BuildAsync(TestContext _) =>
        s_build = await Peers.BuildAsync("tests/Polyglot/go/build.sh", "codefirst-polyglot-go-", "the Go client's build tools");

    [ClassCleanup]
    public static void Clean() => s_build?.Dispose();

    [TestMethod]
    public async Task Go_client_calls_every_method_and_reads_rich_errors()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        await PolyglotClients.RunAsync(server, Path.Combine(s_build!.Path, "orders-client"), []);
    }
}
