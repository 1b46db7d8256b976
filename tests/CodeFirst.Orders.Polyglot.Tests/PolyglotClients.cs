using CodeFirst.Testing;

namespace CodeFirst.Orders.Polyglot.Tests;

/// <summary>
/// What the three language test classes share: building a client, and running it against a real order server
/// process, where it must pass every step of its scenario (tests/Polyglot/*).
/// </summary>
internal static class PolyglotClients
{
    /// <summary>How long one client run may take: its own calls have 10 s deadlines, and it stops at the first failure.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long building or generating a client may take (a cold Go build compiles grpc-go).</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The Debian packages the Go and Python clients need: .ci/run's INTEROP_PACKAGES, and golang-google-genproto-dev
    /// (Go's google.rpc errdetails), which golang-google-grpc-dev depends on.
    /// </summary>
    public const string AptPeers =
        "apt-get install -y golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev "
        + "golang-google-genproto-dev protoc-gen-go protoc-gen-go-grpc protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf "
        + "(see .ci/run install_peers)";

    /// <summary>The steps every client prints as <c>ok STEP: ...</c>, in order.</summary>
    private static readonly string[] Steps =
    [
        "CreateOrder", "GetOrder", "ListOrders", "UploadLineItems", "OrderChat", "UpdateOrderStatus",
        "NotFound", "InvalidArgument", "Unauthenticated",
    ];

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> and the server's address and the development
    /// tokens (explicitly, so an <c>ORDERS_TOKEN</c> in the environment does not leak in); it must exit 0 having
    /// passed every step.
    /// </summary>
    public static async Task RunAsync(OrderServerProcess server, string program, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        string[] all =
        [
            .. arguments,
            "--address", $"{server.Address.Host}:{server.Address.Port}",
            "--token", "dev-alice",
            "--admin-token", "dev-admin",
        ];
        var command = $"{program} {string.Join(' ', all)}";
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(program, all, timeout: RunTimeout, environment: environment);
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{command} did not finish within {RunTimeout.TotalSeconds} s. {e.Message}");
            return;
        }
        Assert.AreEqual(0, result.ExitCode, $"{command} exited {result.ExitCode}. Output:\n{result.Output}\nThe server's output:\n{server.Output}");
        foreach (var step in Steps)
        {
            Assert.Contains($"ok {step}:", result.StandardOutput, $"{command} exited 0 without passing {step}. Output:\n{result.Output}");
        }
    }

    /// <summary>Runs a build or generation script into <paramref name="outDirectory"/>; exit code 3 is the scripts' "a tool is missing".</summary>
    public static async Task RunScriptAsync(string script, string outDirectory, string peer)
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Combine(script), [outDirectory], timeout: BuildTimeout);
        if (result.ExitCode == 3)
        {
            ExternalTool.Missing($"{peer} ({result.StandardError.Trim()})", AptPeers);
        }
        Assert.AreEqual(0, result.ExitCode, $"{script} {outDirectory} exited {result.ExitCode}. Output:\n{result.Output}");
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
