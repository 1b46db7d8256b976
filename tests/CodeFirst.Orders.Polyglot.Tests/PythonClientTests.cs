using CodeFirst.Testing;

namespace CodeFirst.Orders.Polyglot.Tests;

/// <summary>tests/Polyglot/python (Debian's grpcio, protoc --python_out --grpc_python_out code) against the real order server.</summary>
[TestClass]
public sealed class PythonClientTests
{
    private static string s_python = null!;
    private static TemporaryDirectory? s_generated;

    [ClassInitialize]
    public static async Task GenerateAsync(TestContext _)
    {
        s_python = await Peers.RequirePythonGrpcAsync();
        s_generated = await Peers.BuildAsync("tests/Polyglot/python/generate.sh", "codefirst-polyglot-py-", "the Python gRPC code generator");
    }

    [ClassCleanup]
    public static void Clean() => s_generated?.Dispose();

    [TestMethod]
    public async Task Python_client_calls_every_method_and_reads_rich_errors()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        // The generated modules go on PYTHONPATH, as docs/polyglot.md runs the client.
        await PolyglotClients.RunAsync(server, s_python, [RepoPaths.Combine("tests/Polyglot/python/client.py")], new Dictionary<string, string?> { ["PYTHONPATH"] = s_generated!.Path });
    }
}
