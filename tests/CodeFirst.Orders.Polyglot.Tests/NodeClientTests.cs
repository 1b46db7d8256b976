using CodeFirst.Testing;

namespace CodeFirst.Orders.Polyglot.Tests;

/// <summary>tests/Polyglot/node (@grpc/grpc-js, order.proto loaded at run time by @grpc/proto-loader) against the real order server.</summary>
[TestClass]
public sealed class NodeClientTests
{
    private const string Install = "npm ci (at the repository root; package.json pins @grpc/grpc-js and @grpc/proto-loader)";
    private static string s_node = null!;

    [ClassInitialize]
    public static void FindNode(TestContext _)
    {
        s_node = ExternalTool.Require("node", "apt-get install -y nodejs npm, then " + Install, "node");
        foreach (var package in new[] { "@grpc/grpc-js", "@grpc/proto-loader" })
        {
            if (!Directory.Exists(RepoPaths.Combine($"node_modules/{package}")))
            {
                ExternalTool.Missing(package, Install);
            }
        }
    }

    [TestMethod]
    public async Task Node_client_calls_every_method_and_reads_rich_errors()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        await PolyglotClients.RunAsync(server, s_node, [RepoPaths.Combine("tests/Polyglot/node/client.js")]);
    }
}
