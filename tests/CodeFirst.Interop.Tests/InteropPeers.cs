using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>
/// What the peer test classes share: the interop test cases (as tests/Interop/run-clients.sh
/// lists them), the server they run against, and running one peer client for one case.
/// </summary>
internal static class InteropPeers
{
    /// <summary>How long one client process may run: the clients' own calls have 30 s deadlines too.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] CaseNames =
    [
        "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong", "empty_stream",
        "timeout_on_sleeping_server", "cancel_after_begin", "cancel_after_first_response", "custom_metadata",
        "status_code_and_message", "special_status_message", "unimplemented_method", "unimplemented_service",
        "client_compressed_unary", "server_compressed_unary",
    ];

    /// <summary>Every case, one test each (<c>[DynamicData]</c> source).</summary>
    public static IEnumerable<object[]> Cases => CaseNames.Select(name => new object[] { name });

    /// <summary>A Kestrel h2c server on a loopback port with <see cref="InteropTestService"/> (and nothing for UnimplementedService).</summary>
    public static Task<GrpcTestHost> StartServerAsync() =>
        GrpcTestHost.StartAsync(app => app.MapGrpcService<InteropTestService>());

    /// <summary>Runs <paramref name="client"/> for <paramref name="testCase"/> against <paramref name="server"/>; it must exit 0.</summary>
    public static async Task RunCaseAsync(GrpcTestHost server, string client, IEnumerable<string> clientArguments, string testCase)
    {
        string[] arguments =
        [
            .. clientArguments,
            $"--server_host={server.Address.Host}",
            $"--server_port={server.Address.Port}",
            $"--test_case={testCase}",
        ];
        await Peers.RunClientAsync(client, arguments, CaseTimeout); // the command line names the case
    }

    /// <summary>
    /// Builds the Go peers (interop client, server and reflection/health probe) into a new temporary directory;
    /// skips (or fails under CI) naming the install command when Go, protoc or grpc-go is missing.
    /// </summary>
    public static Task<TemporaryDirectory> BuildGoPeersAsync() =>
        Peers.BuildAsync("tests/Interop/go/build.sh", "codefirst-interop-go-", "the Go peers' build tools");
}
