// Build script for CodeFirst. Run: dotnet tool restore && dotnet cake [--target=<name>] [--configuration=Debug]
// Tests never need Cake: `dotnet test CodeFirst.sln` is the test command.

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var protosOut = Argument("protos-out", "generated-protos");

const string Solution = "CodeFirst.sln";
var committedProtos = MakeAbsolute(Directory("generated-protos"));
var checkDir = MakeAbsolute(Directory("artifacts/protos-check"));
var buf = MakeAbsolute(File(IsRunningOnWindows() ? "node_modules/.bin/buf.cmd" : "node_modules/.bin/buf"));

// dotnet run --project Runtime/CodeFirst.Grpc.Tool -c <cfg> -- export --assembly <Contracts dll> --out <dir>
void ExportProtosTo(DirectoryPath outDir)
{
    var contracts = MakeAbsolute(File($"Contracts/bin/{configuration}/net10.0/CodeFirst.Orders.Contracts.dll"));
    var args = new ProcessArgumentBuilder()
        .Append("export")
        .Append("--assembly").AppendQuoted(contracts.FullPath)
        .Append("--out").AppendQuoted(outDir.FullPath);
    DotNetRun("Runtime/CodeFirst.Grpc.Tool", args, new DotNetRunSettings { Configuration = configuration });
}

// Runs a process in the repo root (or workDir) and returns its exit code.
int Run(FilePath tool, string arguments, DirectoryPath workDir = null, bool quiet = false) =>
    StartProcess(tool, new ProcessSettings
    {
        Arguments = arguments,
        WorkingDirectory = workDir ?? MakeAbsolute(Directory(".")),
        RedirectStandardOutput = quiet,
        RedirectStandardError = quiet,
    });

// Lines a git command prints.
IEnumerable<string> GitOutput(string arguments)
{
    StartProcess("git", new ProcessSettings { Arguments = arguments, RedirectStandardOutput = true }, out var lines);
    return lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
}

// Relative paths (with '/') of every .proto file under dir.
SortedSet<string> ProtoFiles(DirectoryPath dir) =>
    new SortedSet<string>(System.IO.Directory.Exists(dir.FullPath)
        ? System.IO.Directory.EnumerateFiles(dir.FullPath, "*.proto", System.IO.SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(dir.FullPath, f).Replace('\\', '/'))
        : Enumerable.Empty<string>(), StringComparer.Ordinal);

Task("Build")
    .Does(() => DotNetBuild(Solution, new DotNetBuildSettings { Configuration = configuration }));

Task("Test")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(Solution, new DotNetTestSettings { Configuration = configuration, NoBuild = true }));

Task("ExportProtos")
    .IsDependentOn("Build")
    .Does(() => ExportProtosTo(MakeAbsolute(Directory(protosOut))));

Task("CheckProtos")
    .IsDependentOn("Build")
    .Does(() =>
{
    // 1. The committed protos must be exactly what the contracts export today.
    if (DirectoryExists(checkDir))
        DeleteDirectory(checkDir, new DeleteDirectorySettings { Recursive = true, Force = true });
    EnsureDirectoryExists(checkDir);
    ExportProtosTo(checkDir);

    var committed = ProtoFiles(committedProtos);
    var exported = ProtoFiles(checkDir);
    var problems = new List<string>();
    problems.AddRange(committed.Except(exported).Select(f => $"committed but no longer exported: generated-protos/{f}"));
    problems.AddRange(exported.Except(committed).Select(f => $"exported but not committed:       generated-protos/{f}"));
    problems.AddRange(committed.Intersect(exported)
        .Where(f => System.IO.File.ReadAllText(committedProtos.CombineWithFilePath(f).FullPath).ReplaceLineEndings()
                 != System.IO.File.ReadAllText(checkDir.CombineWithFilePath(f).FullPath).ReplaceLineEndings())
        .Select(f => $"differs from the export:          generated-protos/{f} (export: artifacts/protos-check/{f})"));
    if (problems.Count > 0)
        throw new CakeException(
            "generated-protos/ is out of date with the C# contracts:\n  " + string.Join("\n  ", problems) +
            "\nRun `dotnet cake --target=ExportProtos` and commit generated-protos/.");
    Information($"generated-protos/ matches the export ({committed.Count} .proto file(s)).");

    // 2. buf lint (rules in generated-protos/buf.yaml).
    if (!FileExists(buf))
        throw new CakeException($"buf not found at {buf}: run `npm ci` in the repo root to install it (package.json pins @bufbuild/buf).");
    if (Run(buf, "lint", committedProtos) != 0)
        throw new CakeException("buf lint failed on generated-protos/ (see above).");
    Information("buf lint: OK.");

    // 3. buf breaking against the last committed version: HEAD when the protos have uncommitted
    //    changes (a developer before committing), else the commit before the last one that touched
    //    them (CI on a clean clone, where the working tree equals HEAD).
    var baseline = Run("git", "diff --quiet HEAD -- generated-protos", quiet: true) != 0
        ? "HEAD"
        : GitOutput("log -2 --format=%H -- generated-protos").Skip(1).FirstOrDefault();
    if (baseline is null)
    {
        Warning("buf breaking skipped: generated-protos/ has no earlier committed version to compare against.");
        return;
    }
    if (Run("git", $"cat-file -e {baseline}:generated-protos/buf.yaml", quiet: true) != 0)
    {
        Warning($"buf breaking skipped: generated-protos/ has no buf.yaml at {baseline}.");
        return;
    }
    if (Run(buf, $"breaking generated-protos --against \".git#ref={baseline},subdir=generated-protos\"") != 0)
        throw new CakeException($"buf breaking: generated-protos/ has wire-incompatible changes against {baseline} (see above).");
    Information($"buf breaking against {baseline}: OK.");
});

// The side-by-side benchmarks (benchmarks/README.md): installs the peers if missing (apt-get, npm ci), builds the
// harness and the Greeter server in Release, then runs the harness (which exports the Greeter proto for the peers). A full
// run rewrites the generated section of docs/benchmarks.md and docs/benchmarks-greeter.svg.
// Options, passed through: --servers=codefirst,raw-kestrel,grpc-go,grpc-js,grpcio --shapes=10x10,50x20 --duration=15
// --warmup-max=90 (the longest warm-up, in seconds, before a rate counts as settled) --quick (short durations; writes
// to artifacts/bench/ only) --smoke (a second per step: checks it all works).
Task("Bench")
    .Does(() =>
{
    if (Run("bash", "benchmarks/install-peers.sh") != 0)
        throw new CakeException("benchmarks/install-peers.sh could not install the peers (see above).");
    var release = new DotNetBuildSettings { Configuration = "Release" };
    DotNetBuild("benchmarks/Runner/CodeFirst.Bench.csproj", release);
    DotNetBuild("benchmarks/Greeter/Server/CodeFirst.Greeter.Server.csproj", release);

    var args = new ProcessArgumentBuilder()
        .Append("run")
        .Append("--repo").AppendQuoted(MakeAbsolute(Directory(".")).FullPath)
        .Append("--artifacts").AppendQuoted(MakeAbsolute(Directory("artifacts/bench")).FullPath);
    foreach (var option in new[] { "servers", "shapes", "duration", "warmup-max", "rate-duration", "client-duration" })
    {
        if (HasArgument(option))
            args.Append($"--{option}").AppendQuoted(Argument<string>(option));
    }
    foreach (var flag in new[] { "quick", "smoke" })
    {
        if (HasArgument(flag))
            args.Append($"--{flag}");
    }
    DotNetExecute(File("benchmarks/Runner/bin/Release/net10.0/CodeFirst.Bench.dll"), args);
});

// CheckProtos runs before ExportProtos: exporting first would make the up-to-date check trivially pass.
Task("Default")
    .IsDependentOn("Build")
    .IsDependentOn("Test")
    .IsDependentOn("CheckProtos")
    .IsDependentOn("ExportProtos");

RunTarget(target);
