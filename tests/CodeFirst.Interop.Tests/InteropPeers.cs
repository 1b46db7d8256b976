using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Testing;

namespace CodeFirst.Interop.Tests;

/// <summary>
/// What the three peer test classes share: the interop test cases (as tests/Interop/run-clients.sh
/// lists them), the server they run against, and running one peer client for one case.
/// </summary>
internal static class InteropPeers
{
    /// <summary>How long one client process may run: the clients' own calls have 30 s deadlines too.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long building or generating a client may take (a cold Go build compiles grpc-go).</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    public const string AptPeers =
        "apt-get install -y golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev "
        + "golang-golang-x-net-dev protoc-gen-go protoc-gen-go-grpc protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf "
        + "(see .ci/run install_peers)";

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
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(client, arguments, timeout: CaseTimeout);
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{testCase}: the client did not finish within {CaseTimeout.TotalSeconds} s. {e.Message}");
            return;
        }
        Assert.AreEqual(0, result.ExitCode, $"{testCase} failed: {client} {string.Join(' ', arguments)} exited {result.ExitCode}. Output:\n{result.Output}");
    }

    /// <summary>Runs a build or generation script; exit code 3 is the scripts' "a tool is missing".</summary>
    public static async Task RunScriptAsync(string script, string argument, string peer, string install)
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Combine(script), [argument], timeout: BuildTimeout);
        if (result.ExitCode == 3)
        {
            ExternalTool.Missing($"{peer} ({result.StandardError.Trim()})", install);
        }
        Assert.AreEqual(0, result.ExitCode, $"{script} {argument} exited {result.ExitCode}. Output:\n{result.Output}");
    }

    /// <summary>
    /// Builds the Go peers (interop client and reflection/health probe) into a new temporary directory;
    /// skips (or fails under CI) naming the install command when Go or protoc is missing.
    /// </summary>
    public static async Task<string> BuildGoPeersAsync()
    {
        ExternalTool.Require("go", AptPeers, "go");
        ExternalTool.Require("protoc", AptPeers, "protoc");
        // build.sh exits 3 naming whatever else is missing.
        var directory = NewTempDirectory("codefirst-interop-go-");
        await RunScriptAsync("tests/Interop/go/build.sh", directory, "the Go peers' build tools", AptPeers);
        return directory;
    }

    public static string NewTempDirectory(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

    public static void DeleteDirectory(string? path)
    {
        if (path is not null && Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
