using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>The Node client (tests/Interop/node/client.js on @grpc/grpc-js) against the code-first server.</summary>
[TestClass]
public sealed class NodeInteropTests
{
    private const string Install = "npm ci (at the repository root; package.json pins @grpc/grpc-js and @grpc/proto-loader)";
    private static GrpcTestHost? s_server;
    private static string s_node = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        s_node = ExternalTool.Require("node", "apt-get install -y nodejs npm, then " + Install, "node");
        foreach (var package in new[] { "@grpc/grpc-js", "@grpc/proto-loader" })
        {
            if (!Directory.Exists(RepoPaths.Combine($"node_modules/{package}")))
            {
                ExternalTool.Missing(package, Install);
            }
        }
        s_server = await InteropPeers.StartServerAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (s_server is not null)
        {
            await s_server.DisposeAsync();
        }
    }

    [TestMethod]
    [DynamicData(nameof(InteropPeers.Cases), typeof(InteropPeers))]
    public Task Node_client_passes(string testCase) =>
        InteropPeers.RunCaseAsync(s_server!, s_node, [RepoPaths.Combine("tests/Interop/node/client.js")], testCase);
}
