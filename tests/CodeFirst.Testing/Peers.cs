using System.Diagnostics;

namespace CodeFirst.Testing;

/// <summary>
/// The non-.NET peers the interop, polyglot and TLS tests run: Debian's Python with grpcio, Node with the repository's
/// <c>node_modules</c>, and the programs that the build scripts of <c>tests/Interop</c> and <c>tests/Polyglot</c> make.
/// A missing peer skips the test naming its install command (or fails it under CI: <see cref="ExternalTool"/>).
/// </summary>
public static class Peers
{
    /// <summary>How long building or generating a peer may take (a cold Go build compiles grpc-go).</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The Debian packages of every Go and Python peer: PEER_PACKAGES in tests/lib/apt.sh, and golang-google-genproto-dev
    /// (Go's google.rpc errdetails), which golang-google-grpc-dev depends on.
    /// </summary>
    public const string AptInstall =
        "apt-get install -y golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev "
        + "golang-golang-x-net-dev golang-google-genproto-dev protoc-gen-go protoc-gen-go-grpc protobuf-compiler protobuf-compiler-grpc "
        + "python3-grpcio python3-protobuf (PEER_PACKAGES in tests/lib/apt.sh)";

    /// <summary>What installs the Node peers' packages.</summary>
    public const string NpmInstall = "npm ci (at the repository root; package.json pins @grpc/grpc-js and @grpc/proto-loader)";

    /// <summary>Debian's Python, the one <c>python3-grpcio</c> installs for (not a virtualenv's <c>python3</c> on PATH).</summary>
    public const string DebianPython = "/usr/bin/python3";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Checks that <see cref="DebianPython"/> imports grpcio and protobuf; returns its path.</summary>
    public static async Task<string> RequirePythonGrpcAsync()
    {
        var python = ExternalTool.Require("Debian's python3", AptInstall, DebianPython);
        var probe = await ProcessRunner.RunAsync(python, ["-c", "import grpc, google.protobuf"], timeout: ProbeTimeout);
        if (probe.ExitCode != 0)
        {
            ExternalTool.Missing($"grpcio for {python} ({probe.StandardError.Trim()})", AptInstall);
        }
        return python;
    }

    /// <summary>Checks that <c>node</c> is on PATH and that <c>npm ci</c> installed @grpc/grpc-js and @grpc/proto-loader; returns node's path.</summary>
    public static string RequireNodeGrpc()
    {
        var node = ExternalTool.Require("node", "apt-get install -y nodejs npm, then " + NpmInstall, "node");
        foreach (var package in new[] { "@grpc/grpc-js", "@grpc/proto-loader" })
        {
            if (!Directory.Exists(RepoPaths.Combine($"node_modules/{package}")))
            {
                ExternalTool.Missing(package, NpmInstall);
            }
        }
        return node;
    }

    /// <summary>
    /// Runs a peer client to completion: it must exit 0 within <paramref name="timeout"/>, or the test fails with its
    /// command line, its output and <paramref name="context"/> (say, the server's output). Returns its result.
    /// </summary>
    public static async Task<ProcessResult> RunClientAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout,
        IDictionary<string, string?>? environment = null, Func<string>? context = null)
    {
        var command = $"{program} {string.Join(' ', arguments)}";
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(program, arguments, timeout: timeout, environment: environment);
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{command} did not finish within {timeout.TotalSeconds} s. {e.Message}{Context(context)}");
            throw new UnreachableException();
        }
        Assert.AreEqual(0, result.ExitCode, $"{command} exited {result.ExitCode}. Output:\n{result.Output}{Context(context)}");
        return result;
    }

    /// <summary>
    /// Runs a build or generation script (<c>tests/Interop/go/build.sh</c>...) into a new temporary directory and returns
    /// it. The scripts exit 3 naming a missing tool: that skips the test (<see cref="AptInstall"/>); any other failure fails it.
    /// </summary>
    /// <param name="script">The script, relative to the repository root.</param>
    /// <param name="prefix">The directory's name prefix.</param>
    /// <param name="peer">What the script makes, for the skip message ("the Go client's build tools").</param>
    public static async Task<TemporaryDirectory> BuildAsync(string script, string prefix, string peer)
    {
        var output = TemporaryDirectory.Create(prefix);
        try
        {
            var result = await ProcessRunner.RunAsync(RepoPaths.Combine(script), [output.Path], timeout: BuildTimeout);
            if (result.ExitCode == 3)
            {
                ExternalTool.Missing($"{peer} ({result.StandardError.Trim()})", AptInstall);
            }
            Assert.AreEqual(0, result.ExitCode, $"{script} {output.Path} exited {result.ExitCode}. Output:\n{result.Output}");
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private static string Context(Func<string>? context) => context is null ? "" : $"\n{context()}";
}
