namespace CodeFirst.Bench;

/// <summary>Where things are: the repository, the exported Greeter proto and the harness's scratch directory.</summary>
public sealed record BenchPaths(string Repo, string Protos, string Artifacts)
{
    /// <summary>Where the Bench target builds the Greeter server, relative to the repository.</summary>
    public const string ReleaseGreeterServer = "benchmarks/Greeter/Server/bin/Release/net10.0/CodeFirst.Greeter.Server.dll";

    /// <summary>The Greeter server's assembly.</summary>
    public string GreeterServerDll { get; init; } = Path.Combine(Repo, ReleaseGreeterServer);

    /// <summary>Where the peers are built.</summary>
    public string Peers => Path.Combine(Artifacts, "peers");
}

/// <summary>
/// A server the harness compares: how to build it once and how to start it. Every server is started on port 0 and
/// prints the port the system gave it, so runs never collide with each other or with anything else on the machine.
/// </summary>
public sealed record BenchServer(string Name, string Label, bool Streams, Func<BenchPaths, ServerCommand> Command)
{
    /// <summary>Builds what the server needs, or fails saying what to install.</summary>
    public Func<BenchPaths, Task>? Build { get; init; }

    /// <summary>Whether its process answers <c>stats</c> with its allocated bytes (the .NET servers).</summary>
    public bool ReportsAllocations { get; init; }
}

/// <summary>The servers, in table order.</summary>
public static class Servers
{
    /// <summary>The CodeFirst Greeter.</summary>
    public const string CodeFirst = "codefirst";

    /// <summary>Kestrel returning the reply bytes with no gRPC layer: the ceiling for CodeFirst.</summary>
    public const string Raw = "raw-kestrel";

    /// <summary>grpc-go, the reference for the ratio targets.</summary>
    public const string Go = "grpc-go";

    /// <summary>Every server the harness knows.</summary>
    public static readonly IReadOnlyList<BenchServer> All =
    [
        new(CodeFirst, "CodeFirst (.NET 10)", Streams: true, paths => Greeter(paths, "codefirst")) { ReportsAllocations = true },
        new(Raw, "raw Kestrel h2c (.NET 10)", Streams: false, paths => Greeter(paths, "raw")) { ReportsAllocations = true },
        new(Go, "grpc-go 1.33 (Debian)", Streams: true,
            paths => new ServerCommand(Path.Combine(paths.Peers, "go/greeter-go"), ["--port", AnyPort], paths.Repo))
        {
            Build = paths => Tools.RunScriptAsync(paths, "benchmarks/peers/go/build.sh", paths.Protos, Path.Combine(paths.Peers, "go")),
        },
        new("grpc-js", "Node @grpc/grpc-js (npm)", Streams: true,
            paths => new ServerCommand("node",
                [Path.Combine(paths.Repo, "benchmarks/peers/node/greeter_server.js"), "--port", AnyPort, "--protos", paths.Protos], paths.Repo))
        {
            Build = paths => Tools.RequireAsync("node", "apt-get install -y nodejs npm, then npm ci at the repository root",
                Path.Combine(paths.Repo, "node_modules/@grpc/grpc-js/package.json")),
        },
        new("grpcio", "Python grpcio 1.51 aio (Debian)", Streams: true,
            paths => new ServerCommand(Tools.DebianPython,
                [Path.Combine(paths.Repo, "benchmarks/peers/python/greeter_server.py"), "--port", AnyPort, "--gen", Path.Combine(paths.Peers, "python")], paths.Repo))
        {
            Build = paths => Tools.RunScriptAsync(paths, "benchmarks/peers/python/generate.sh", paths.Protos, Path.Combine(paths.Peers, "python")),
        },
    ];

    /// <summary>Port 0: the system picks a free one, and the server prints it in its <c>listening on</c> line.</summary>
    private const string AnyPort = "0";

    private static ServerCommand Greeter(BenchPaths paths, string mode) =>
        new("dotnet", [paths.GreeterServerDll, "--mode", mode, "--port", AnyPort], paths.Repo);
}
