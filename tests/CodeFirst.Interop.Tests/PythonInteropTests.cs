using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>
/// The Python client (tests/Interop/python/client.py on Debian's grpcio) against the code-first server.
/// It runs plain against the server: only its server_compressed_unary case puts its own h2sniff relay
/// in front of the server, to read the response message's compressed flag that grpcio hides.
/// </summary>
[TestClass]
public sealed class PythonInteropTests
{
    private const string Python = "/usr/bin/python3";
    private static GrpcTestHost? s_server;
    private static string? s_generated;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        ExternalTool.Require("Debian's python3", InteropPeers.AptPeers, Python);
        var probe = await ProcessRunner.RunAsync(Python, ["-c", "import grpc, google.protobuf"], timeout: InteropPeers.CaseTimeout);
        if (probe.ExitCode != 0)
        {
            ExternalTool.Missing($"grpcio for {Python} ({probe.StandardError.Trim()})", InteropPeers.AptPeers);
        }
        ExternalTool.Require("protoc", InteropPeers.AptPeers, "/usr/bin/protoc");
        ExternalTool.Require("grpc_python_plugin", InteropPeers.AptPeers, "/usr/bin/grpc_python_plugin");
        // The generated modules, once for every case (client.py would otherwise generate them per run).
        s_generated = InteropPeers.NewTempDirectory("codefirst-interop-py-");
        await InteropPeers.RunScriptAsync("tests/Interop/python/generate.sh", s_generated, "the Python gRPC code generator", InteropPeers.AptPeers);
        s_server = await InteropPeers.StartServerAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (s_server is not null)
        {
            await s_server.DisposeAsync();
        }
        InteropPeers.DeleteDirectory(s_generated);
    }

    [TestMethod]
    [DynamicData(nameof(InteropPeers.Cases), typeof(InteropPeers))]
    public Task Python_client_passes(string testCase) =>
        InteropPeers.RunCaseAsync(s_server!, Python, [RepoPaths.Combine("tests/Interop/python/client.py"), "--generated", s_generated!], testCase);
}
