using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>The Go client (tests/Interop/go/client on Debian's grpc-go 1.33) against the code-first server.</summary>
[TestClass]
public sealed class GoInteropTests : InteropServerTests<GoInteropTests>
{
    private static TemporaryDirectory? s_build;

    [ClassInitialize]
    public static async Task BuildAsync(TestContext _) => s_build = await InteropPeers.BuildGoPeersAsync(); // once for every case

    [ClassCleanup]
    public static void DeleteBuild() => s_build?.Dispose();

    [TestMethod]
    [DynamicData(nameof(InteropPeers.Cases), typeof(InteropPeers))]
    public Task Go_client_passes(string testCase) =>
        InteropPeers.RunCaseAsync(Server, Path.Combine(s_build!.Path, "interop-client"), [], testCase);
}
