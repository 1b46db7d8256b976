using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>
/// A test class running the interop cases against the code-first server (<see cref="InteropPeers.StartServerAsync"/>),
/// started before its first test and disposed after its last. Static members of a generic class are per closed type, so
/// each derived class (<c>NodeInteropTests : InteropServerTests&lt;NodeInteropTests&gt;</c>) has a server of its own.
/// </summary>
/// <typeparam name="TSelf">The derived test class.</typeparam>
public abstract class InteropServerTests<TSelf>
    where TSelf : InteropServerTests<TSelf>
{
    private static GrpcTestHost? s_server;

    /// <summary>The class's server.</summary>
    protected static GrpcTestHost Server => s_server ?? throw new InvalidOperationException($"{typeof(TSelf).Name}'s server did not start.");

    [ClassInitialize(InheritanceBehavior.BeforeEachDerivedClass)]
    public static async Task StartServerAsync(TestContext _) => s_server = await InteropPeers.StartServerAsync();

    [ClassCleanup(InheritanceBehavior.BeforeEachDerivedClass)]
    public static async Task StopServerAsync()
    {
        if (s_server is not null)
        {
            await s_server.DisposeAsync();
            s_server = null;
        }
    }
}
