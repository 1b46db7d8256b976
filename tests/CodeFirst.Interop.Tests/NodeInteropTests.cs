using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>The Node client (tests/Interop/node/client.js on @grpc/grpc-js) against the code-first server.</summary>
[TestClass]
public sealed class NodeInteropTests : InteropServerTests<NodeInteropTests>
{
    private static string s_node = null!;

    [ClassInitialize]
    public static void FindNode(TestContext _) => s_node = Peers.RequireNodeGrpc();

    [TestMethod]
    [DynamicData(nameof(InteropPeers.Cases), typeof(InteropPeers))]
    public Task Node_client_passes(string testCase) =>
        InteropPeers.RunCaseAsync(Server, s_node, [RepoPaths.Combine("tests/Interop/node/client.js")], testCase);
}
