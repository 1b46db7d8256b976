using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>The Go client (tests/Interop/go/client on Debian's grpc-go 1.33) against the code-first server.</summary>
[TestClass]
public sealed class GoInteropTests
{
    private static GrpcTestHost? s_server;
    private static string? s_build;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        s_build = await InteropPeers.BuildGoPeersAsync(); // once for every case
        s_server = await InteropPeers.StartServerAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (s_server is not null)
        {
            await s_server.DisposeAsync();
        }
        InteropPeers.DeleteDirectory(s_build);
    }

    [TestMethod]
    [DynamicData(nameof(InteropPeers.Cases), typeof(InteropPeers))]
    public Task Go_client_passes(string testCase) =>
        InteropPeers.RunCaseAsync(s_server!, Path.Combine(s_build!, "interop-client"), [], testCase);
}
