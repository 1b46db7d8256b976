using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>The code-first .NET client (<see cref="DotNetInteropClient"/>) runs every interop case against the code-first server.</summary>
[TestClass]
public sealed class DotNetClientInteropTests
{
    private static GrpcTestHost? s_server;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s_server = await InteropPeers.StartServerAsync();

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
    public Task DotNet_client_passes_against_the_code_first_server(string testCase) =>
        new DotNetInteropClient(s_server!.Address).RunAsync(testCase);
}
