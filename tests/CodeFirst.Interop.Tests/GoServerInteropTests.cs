using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>
/// The code-first .NET client (<see cref="DotNetInteropClient"/>) runs every interop case against a server it did not
/// write: grpc-go's (tests/Interop/go/server on Debian's grpc-go 1.33).
/// </summary>
[TestClass]
public sealed class GoServerInteropTests
{
    private static TemporaryDirectory? s_build;
    private static PeerServer? s_server;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        s_build = await InteropPeers.BuildGoPeersAsync();
        s_server = await PeerServer.StartAsync(Path.Combine(s_build.Path, "interop-server"), ["--port=0"]);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (s_server is not null)
        {
            await s_server.DisposeAsync();
        }
        s_build?.Dispose();
    }

    [TestMethod]
    [DynamicData(nameof(InteropPeers.Cases), typeof(InteropPeers))]
    public async Task DotNet_client_passes_against_the_grpc_go_server(string testCase)
    {
        try
        {
            await new DotNetInteropClient(s_server!.Address).RunAsync(testCase);
        }
        catch (Exception e) when (e is not AssertInconclusiveException)
        {
            throw new AssertFailedException($"{testCase} against grpc-go failed: {e.Message}\nServer output:\n{s_server!.Output}", e);
        }
    }
}
