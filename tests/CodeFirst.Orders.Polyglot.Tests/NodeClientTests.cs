using CodeFirst.Testing;

namespace CodeFirst.Orders.Polyglot.Tests;

/// <summary>tests/Polyglot/node (@grpc/grpc-js, order.proto loaded at run time by @grpc/proto-loader) against the real order server.</summary>
[TestClass]
public sealed class NodeClientTests
{
    private static string s_node = null!;

    [ClassInitialize]
    public static void FindNode(TestContext _) => s_node = Peers.RequireNodeGrpc();

    [TestMethod]
    public async Task Node_client_calls_every_method_and_reads_rich_errors()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        await PolyglotClients.RunAsync(server, s_node, [RepoPaths.Combine("tests/Polyglot/node/client.js")]);
    }
}
