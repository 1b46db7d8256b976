using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>
/// The Python client (tests/Interop/python/client.py on Debian's grpcio) against the code-first server.
/// It runs plain against the server: only its server_compressed_unary case puts its own h2sniff relay
/// in front of the server, to read the response message's compressed flag that grpcio hides.
/// </summary>
[TestClass]
public sealed class PythonInteropTests : InteropServerTests<PythonInteropTests>
{
    private static string s_python = null!;
    private static TemporaryDirectory? s_generated;

    [ClassInitialize]
    public static async Task GenerateAsync(TestContext _)
    {
        s_python = await Peers.RequirePythonGrpcAsync();
        // The generated modules, once for every case (client.py would otherwise generate them per run).
        s_generated = await Peers.BuildAsync("tests/Interop/python/generate.sh", "codefirst-interop-py-", "the Python gRPC code generator");
    }

    [ClassCleanup]
    public static void DeleteGenerated() => s_generated?.Dispose();

    [TestMethod]
    [DynamicData(nameof(InteropPeers.Cases), typeof(InteropPeers))]
    public Task Python_client_passes(string testCase) =>
        InteropPeers.RunCaseAsync(Server, s_python, [RepoPaths.Combine("tests/Interop/python/client.py"), "--generated", s_generated!.Path], testCase);
}
