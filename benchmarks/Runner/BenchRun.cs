using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using CodeFirst.Greeter;
using CodeFirst.Grpc;

namespace CodeFirst.Bench;

/// <summary>What the harness measured of one server under one h2load shape.</summary>
public sealed record LoadResult(double RequestsPerSecond, double CpuCores, long PeakRssBytes, long Failed)
{
    /// <summary>How long the server was warmed up before this was measured, and whether its rate had settled.</summary>
    public WarmUp? WarmUp { get; init; }

    /// <summary>Bytes the server process allocated per call (the .NET servers only).</summary>
    public double? ServerBytesPerCall { get; init; }
}

/// <summary>h2load at a fixed rate: the latency a moderate load sees.</summary>
public sealed record LatencyResult(double RequestsPerSecond, double P50Millis, double P99Millis, long Failed);

/// <summary>Everything measured of one server.</summary>
public sealed record ServerResult(string Name, string Label)
{
    /// <summary>h2load throughput by shape name ("10x10").</summary>
    public Dictionary<string, LoadResult> Loads { get; init; } = [];

    /// <summary>h2load at a fixed rate.</summary>
    public LatencyResult? FixedRate { get; set; }

    /// <summary>The CodeFirst .NET client against this server, by shape.</summary>
    public List<ClientResult> Client { get; init; } = [];
}

/// <summary>The settings of one run, as the report states them.</summary>
/// <param name="Steady">How every server (and the .NET client) is warmed up before anything is measured.</param>
/// <param name="WarmUpSeconds">h2load's own warm-up at the start of a measured run, while its connections open.</param>
public sealed record BenchSettings(IReadOnlyList<string> Shapes, SteadyState Steady, int WarmUpSeconds, int DurationSeconds, int FixedRateConnections,
    int FixedRatePerConnection, int FixedRateSeconds, int ClientConnections, int ClientWorkersPerConnection, int ClientSeconds, long AllocationCalls,
    int ServerCore, int LoadCore);

/// <summary>One run of the harness: machine, settings, results.</summary>
public sealed record BenchReport(DateTimeOffset Started, MachineInfo Machine, BenchSettings Settings, List<ServerResult> Servers);

/// <summary>
/// The run: for each server, a fresh process per measurement, pinned to the server core; the probe before any load;
/// h2load at each shape, then at a fixed rate; then the .NET client. Writes results.json, the markdown table and the
/// chart.
/// </summary>
public static class BenchRun
{

    /// <summary>Runs everything <paramref name="options"/> asks for.</summary>
    public static async Task<int> MainAsync(Options options)
    {
        var repo = Path.GetFullPath(options.Get("--repo", ".")!);
        var artifacts = Path.GetFullPath(options.Get("--artifacts", Path.Combine(repo, "artifacts/bench"))!);
        var paths = new BenchPaths(repo, Path.Combine(artifacts, "protos"), artifacts)
        {
            GreeterServerDll = Path.GetFullPath(options.Get("--greeter-server", Path.Combine(repo, BenchPaths.ReleaseGreeterServer))!),
        };
        // --smoke: every step for a second or so, to check the harness and the peers work (the tests run this);
        // --quick: a few seconds each, numbers worth a glance.
        var smoke = options.Flag("--smoke");
        var quick = smoke || options.Flag("--quick");
        var settings = new BenchSettings(
            Shapes: options.List("--shapes", ["10x10", "50x20"]),
            Steady: smoke ? new SteadyState(WindowSeconds: 1, Windows: 2, Tolerance: 0.5, MaxSeconds: 2)
                : new SteadyState(WindowSeconds: quick ? 3 : 5, Windows: 3, Tolerance: 0.04, MaxSeconds: options.Int("--warmup-max", 90)),
            // h2load measures nothing at 50x20 with a 1 s warm-up and 1 s run: 2 s each is the least that works.
            WarmUpSeconds: 2,
            DurationSeconds: options.Int("--duration", smoke ? 2 : quick ? 5 : 15),
            FixedRateConnections: 10,
            FixedRatePerConnection: options.Int("--rate-per-connection", 500),
            FixedRateSeconds: options.Int("--rate-duration", smoke ? 1 : quick ? 5 : 10),
            ClientConnections: 10,
            ClientWorkersPerConnection: 10,
            ClientSeconds: options.Int("--client-duration", smoke ? 2 : quick ? 4 : 10),
            AllocationCalls: smoke ? 20_000 : 200_000,
            ServerCore: 0,
            LoadCore: 1);
        var names = options.List("--servers", Servers.All.Select(s => s.Name));
        var unknown = names.Except(Servers.All.Select(s => s.Name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown server(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Servers.All.Select(s => s.Name))}");
        }
        if (Environment.ProcessorCount < 2)
        {
            throw new InvalidOperationException("the harness pins the server and the load to two different cores; this machine has one");
        }
        var selected = Servers.All.Where(s => names.Contains(s.Name)).ToList();
        Directory.CreateDirectory(artifacts);
        if (!File.Exists(paths.GreeterServerDll))
        {
            throw new InvalidOperationException($"{paths.GreeterServerDll} is missing: dotnet build benchmarks/Greeter/Server -c Release");
        }
        ExportProtos(paths.Protos);

        var requestFrame = RequestFrame(new HelloRequest { Name = "world" });
        var bodyFile = Path.Combine(artifacts, "hello-request.bin");
        await File.WriteAllBytesAsync(bodyFile, requestFrame);
        var h2load = new H2Load(bodyFile, settings.LoadCore);

        var report = new BenchReport(DateTimeOffset.UtcNow, await MachineInfo.ReadAsync(repo), settings, []);
        foreach (var server in selected)
        {
            Log($"{server.Name}: building");
            if (server.Build is not null)
            {
                await server.Build(paths);
            }
            var result = new ServerResult(server.Name, server.Label);
            report.Servers.Add(result);

            var first = true;
            foreach (var shape in settings.Shapes.Select(H2LoadShape.Parse))
            {
                await using var process = await StartCheckedAsync(server, paths, requestFrame, settings);
                var url = process.Address + Helloworld.SayHelloPath;
                var warmUp = await h2load.WarmUpAsync(url, shape, settings.Steady);
                Log($"{server.Name}: {shape.Name}: {Describe(warmUp)}; h2load {settings.WarmUpSeconds} s warm-up + {settings.DurationSeconds} s");
                var load = h2load.SaturateAsync(url, shape, TimeSpan.FromSeconds(settings.WarmUpSeconds), TimeSpan.FromSeconds(settings.DurationSeconds));
                await Task.Delay(TimeSpan.FromSeconds(settings.WarmUpSeconds));
                var cpuBefore = process.CpuSeconds();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var loaded = await load;
                var cores = (process.CpuSeconds() - cpuBefore) / clock.Elapsed.TotalSeconds;
                double? bytesPerCall = null;
                if (server.ReportsAllocations)
                {
                    // The server is warm now: count what a fixed number of calls allocates, with nothing else running in it.
                    var before = await process.AllocatedBytesAsync();
                    var counted = await h2load.CountAsync(url, shape, settings.AllocationCalls);
                    bytesPerCall = (double)(await process.AllocatedBytesAsync() - before) / counted.Succeeded;
                }
                var measured = new LoadResult(loaded.RequestsPerSecond, cores, process.PeakRssBytes(), loaded.Failed + loaded.Non2xx)
                {
                    ServerBytesPerCall = bytesPerCall,
                    WarmUp = warmUp,
                };
                result.Loads[shape.Name] = measured;
                Log($"{server.Name}: {shape.Name}: {measured.RequestsPerSecond:N0} req/s, {cores:0.00} cores, peak RSS {measured.PeakRssBytes / 1048576.0:0.0} MiB"
                    + (bytesPerCall is { } b ? $", {b:N0} B allocated per call" : "") + (measured.Failed > 0 ? $", {measured.Failed} FAILED" : ""));

                if (first)
                {
                    // The latency run follows the first shape in the same process: it is warm, so this measures steady state.
                    first = false;
                    var rate = settings.FixedRateConnections * settings.FixedRatePerConnection;
                    Log($"{server.Name}: h2load at {rate:N0} req/s for {settings.FixedRateSeconds} s");
                    var fixedRate = await h2load.FixedRateAsync(url, settings.FixedRateConnections, settings.FixedRatePerConnection, TimeSpan.FromSeconds(settings.FixedRateSeconds));
                    result.FixedRate = new LatencyResult(fixedRate.RequestsPerSecond, fixedRate.P50Millis, fixedRate.P99Millis, fixedRate.Failed + fixedRate.Non2xx);
                    Log($"{server.Name}: at {fixedRate.RequestsPerSecond:N0} req/s p50 {fixedRate.P50Millis:0.000} ms, p99 {fixedRate.P99Millis:0.000} ms");
                }
            }

            var clientRuns = (server.Streams ? Enum.GetValues<ClientShape>() : [ClientShape.Unary])
                .Select(shape => (shape, settings.ClientConnections, settings.ClientWorkersPerConnection)).ToList();
            if (server.Name == Servers.CodeFirst)
            {
                // One call at a time on one channel: the client's own cost per call. With 100 in flight, SocketsHttpHandler's
                // 16 KB stream buffers outnumber what the shared ArrayPool keeps per core, and its misses dominate.
                clientRuns.Add((ClientShape.Unary, 1, 1));
            }
            foreach (var (shape, connections, workers) in clientRuns)
            {
                await using var process = await StartCheckedAsync(server, paths, requestFrame, settings);
                Log($"{server.Name}: .NET client, {shape}, {connections}x{workers}");
                var client = await RunClientAsync(process.Address, shape, connections, workers, settings);
                result.Client.Add(client);
                Log($"{server.Name}: .NET client {shape} {connections}x{workers}: {(client.WarmUp is { } w ? Describe(w) + "; " : "")}{client.PerSecond:N0}/s, {client.AllocatedBytesPerOperation:N0} B allocated per {(shape == ClientShape.Unary ? "call" : "message")}");
            }
        }

        var json = Path.Combine(artifacts, "results.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonOptions) { WriteIndented = true }));
        Log($"results: {json}");
        // Only a full run (every server, full durations) replaces the published table; a partial one goes to artifacts.
        var full = selected.Count == Servers.All.Count && !quick;
        var markdown = options.Get("--report", full ? Path.Combine(repo, "docs/benchmarks.md") : Path.Combine(artifacts, "benchmarks.md"))!;
        var chart = options.Get("--chart", full ? Path.Combine(repo, "docs/benchmarks-greeter.svg") : Path.Combine(artifacts, "benchmarks-greeter.svg"))!;
        if (!smoke)
        {
            Report.Write(report, markdown, chart);
            Log($"table: {markdown}; chart: {chart}");
        }
        Console.WriteLine(Report.Table(report));
        return 0;
    }

    /// <summary>Writes the markdown section and the chart again from a run's results.json.</summary>
    public static int Republish(Options options)
    {
        var repo = Path.GetFullPath(options.Get("--repo", ".")!);
        var results = options.Get("--results", Path.Combine(repo, "artifacts/bench/results.json"))!;
        var report = JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(results), JsonOptions)
            ?? throw new InvalidOperationException($"{results} holds no results");
        Report.Write(report, options.Get("--report", Path.Combine(repo, "docs/benchmarks.md"))!, options.Get("--chart", Path.Combine(repo, "docs/benchmarks-greeter.svg"))!);
        return 0;
    }

    /// <summary>How results are written and read: NaN (no latency for a streaming run) included.</summary>
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static async Task<ServerProcess> StartCheckedAsync(BenchServer server, BenchPaths paths, byte[] requestFrame, BenchSettings settings)
    {
        var process = await ServerProcess.StartAsync(server.Command(paths), settings.ServerCore, TimeSpan.FromSeconds(60));
        try
        {
            await Probe.CheckAsync(process.Address, requestFrame, server.Streams);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await process.DisposeAsync();
            throw new InvalidOperationException($"{server.Name} failed the correctness probe, so it is not measured: {e.Message}\nServer output:\n{process.Output}", e);
        }
        Log($"{server.Name}: probe passed");
        return process;
    }

    private static async Task<ClientResult> RunClientAsync(string address, ClientShape shape, int connections, int workers, BenchSettings settings)
    {
        var self = typeof(BenchRun).Assembly.Location;
        string[] arguments =
        [
            "-c", settings.LoadCore.ToString(CultureInfo.InvariantCulture), "dotnet", self, "client",
            "--address", address, "--shape", shape.ToString(),
            "--connections", connections.ToString(CultureInfo.InvariantCulture),
            "--workers", workers.ToString(CultureInfo.InvariantCulture),
            "--steady-window", settings.Steady.WindowSeconds.ToString(CultureInfo.InvariantCulture),
            "--steady-windows", settings.Steady.Windows.ToString(CultureInfo.InvariantCulture),
            "--steady-tolerance", settings.Steady.Tolerance.ToString(CultureInfo.InvariantCulture),
            "--warmup-max", settings.Steady.MaxSeconds.ToString(CultureInfo.InvariantCulture),
            "--duration", settings.ClientSeconds.ToString(CultureInfo.InvariantCulture),
        ];
        var (exit, output) = await Tools.RunAsync("taskset", arguments, Environment.CurrentDirectory,
            TimeSpan.FromSeconds(settings.Steady.MaxSeconds + settings.Steady.WindowSeconds + settings.ClientSeconds + 60));
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (exit != 0 || line is null)
        {
            throw new InvalidOperationException($"the .NET client ({shape}) against {address} failed (exit {exit}):\n{output}");
        }
        return JsonSerializer.Deserialize<ClientResult>(line, JsonOptions)!;
    }

    /// <summary>
    /// Exports the Greeter contract's proto with the same exporter as <c>dotnet cake --target=ExportProtos</c>: the
    /// peers are generated from it, as a Go, Node or Python team would generate theirs.
    /// </summary>
    private static void ExportProtos(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        foreach (var file in CodeFirst.Grpc.Schema.ProtoSchema.Export(typeof(IGreeter).Assembly))
        {
            var path = Path.Combine(directory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
        }
    }

    /// <summary>The gRPC frame h2load posts: flag 0, big-endian length, the encoded request.</summary>
    public static byte[] RequestFrame(HelloRequest request)
    {
        var size = MessageCodec.CalculateSize(request);
        var frame = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        MessageCodec.Encode(request, frame.AsSpan(5));
        return frame;
    }

    private static string Describe(WarmUp warmUp) =>
        $"warmed up {warmUp.Seconds} s, " + (warmUp.Steady ? "steady" : "NOT steady") + $" (window rates {string.Join(", ", warmUp.Rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))})";

    private static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
