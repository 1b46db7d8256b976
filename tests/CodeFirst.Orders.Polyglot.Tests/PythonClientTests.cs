using CodeFirst.Testing;

namespace CodeFirst.Orders.Polyglot.Tests;

/// <summary>tests/Polyglot/python (Debian's grpcio, protoc --python_out --grpc_python_out code) against the real order server.</summary>
[TestClass]
public sealed class PythonClientTests
{
    private const string Python = "/usr/bin/python3";
    private static string? s_generated;

    [ClassInitialize]
    public static async Task GenerateAsync(TestContext _)
    {
        ExternalTool.Require("Debian's python3", PolyglotClients.AptPeers, Python);
        var probe = await ProcessRunner.RunAsync(Python, ["-c", "import grpc, google.protobuf"], timeout: PolyglotClients.RunTimeout);
        if (probe.ExitCode != 0)
        {
            ExternalTool.Missing($"grpcio for {Python} ({probe.StandardError.Trim()})", PolyglotClients.AptPeers);
        }
        ExternalTool.Require("protoc", PolyglotClients.AptPeers, "/usr/bin/protoc");
        ExternalTool.Require("grpc_python_plugin", PolyglotClients.AptPeers, "/usr/bin/grpc_python_plugin");
        s_generated = PolyglotClients.NewTempDirectory("codefirst-polyglot-py-");
        await PolyglotClients.RunScriptAsync("tests/Polyglot/python/generate.sh", s_generated, "the Python gRPC code generator");
    }

    [ClassCleanup]
    public static void Clean() => PolyglotClients.DeleteDirectory(s_generated);

    [TestMethod]
    public async Task Python_client_calls_every_method_and_reads_rich_errors()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        // The generated modules go on PYTHONPATH, as docs/polyglot.md runs the client.
        await PolyglotClients.RunAsync(server, Python, [RepoPaths.Combine("tests/Polyglot/python/client.py")], new Dictionary<string, string?> { ["PYTHONPATH"] = s_generated });
    }
}
