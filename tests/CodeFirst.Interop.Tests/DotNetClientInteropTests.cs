namespace CodeFirst.Interop.Tests;

/// <summary>The code-first .NET client (<see cref="DotNetInteropClient"/>) runs every interop case against the code-first server.</summary>
[TestClass]
public sealed class DotNetClientInteropTests : InteropServerTests<DotNetClientInteropTests>
{
    [TestMethod]
    [DynamicData(nameof(InteropPeers.Cases), typeof(InteropPeers))]
    public Task DotNet_client_passes_against_the_code_first_server(string testCase) =>
        new DotNetInteropClient(Server.Address).RunAsync(testCase);
}
