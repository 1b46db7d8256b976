using System.Text.Json;
using CodeFirst.Testing;

namespace CodeFirst.Bench.Tests;

/// <summary>The harness against real servers: its probe, and the whole Bench sequence in a smoke run.</summary>
[TestClass]
public sealed class HarnessTests
{
    private const string H2LoadInstall = "apt-get install -y nghttp2-client (or run benchmarks/install-peers.sh)";

    private static string GreeterServer => RepoPaths.BuiltAssembly("benchmarks/Greeter/Server", "CodeFirst.Greeter.Server");

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Probe_passes_a_correct_server_and_refuses_one_that_answers_wrongly()
    {
        var paths = new BenchPaths(RepoPaths.Root, "", "") { GreeterServerDll = GreeterServer };
        var frame = BenchRun.RequestFrame(new CodeFirst.Greeter.HelloRequest { Name = "world" });
        var raw = Servers.All.Single(s => s.Name == Servers.Raw);
        await using var server = await ServerProcess.StartAsync(raw.Command(paths), core: 0, TimeSpan.FromSeconds(30));

        // The raw ceiling answers every path with the unary reply: right for SayHello, wrong for the streaming service.
        Assert.StartsWith("http://127.0.0.1:", server.Address);
        await Probe.CheckAsync(server.Address, frame, streams: false);
        var wrong = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => Probe.CheckAsync(server.Address, frame, streams: true));
        Assert.Contains("SayHelloStream", wrong.Message);
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Smoke_run_probes_and_measures_every_server()
    {
        ExternalTool.Require("h2load", H2LoadInstall, "h2load");
        ExternalTool.Require("go", Peers.AptInstall, "go");
        await Peers.RequirePythonGrpcAsync();
        Peers.RequireNodeGrpc();
        using var artifacts = TemporaryDirectory.Create("codefirst-bench");

        var result = await ProcessRunner.RunAsync("dotnet",
            [RepoPaths.BuiltAssembly("benchmarks/Runner", "CodeFirst.Bench"), "run", "--smoke", "--repo", RepoPaths.Root,
             "--artifacts", artifacts.Path, "--greeter-server", GreeterServer],
            workingDirectory: RepoPaths.Root, timeout: TimeSpan.FromMinutes(8));

        Assert.AreEqual(0, result.ExitCode, result.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts.Path, "results.json")));
        var servers = json.RootElement.GetProperty("Servers").EnumerateArray().ToList();
        CollectionAssert.AreEqual(Servers.All.Select(s => s.Name).ToList(), servers.Select(s => s.GetProperty("Name").GetString()).ToList());
        foreach (var server in servers)
        {
            var name = server.GetProperty("Name").GetString();
            foreach (var shape in new[] { "10x10", "50x20" })
            {
                var load = server.GetProperty("Loads").GetProperty(shape);
                Assert.IsGreaterThan(0, load.GetProperty("RequestsPerSecond").GetDouble(), $"{name} {shape}");
                Assert.AreEqual(0, load.GetProperty("Failed").GetInt64(), $"{name} {shape}: failed requests");
                Assert.IsGreaterThan(0, load.GetProperty("PeakRssBytes").GetInt64(), $"{name} {shape}");
                Assert.IsGreaterThan(0, load.GetProperty("WarmUp").GetProperty("Seconds").GetInt32(), $"{name} {shape}: warmed up before measuring");
            }
            Assert.IsGreaterThan(0, server.GetProperty("FixedRate").GetProperty("P99Millis").GetDouble(), $"{name}: fixed-rate p99");
            var client = server.GetProperty("Client").EnumerateArray().ToList();
            Assert.HasCount(name == Servers.Raw ? 1 : name == Servers.CodeFirst ? 4 : 3, client, $"{name}: .NET client runs");
            Assert.IsTrue(client.All(c => c.GetProperty("Operations").GetInt64() > 0), $"{name}: every .NET client shape completed calls");
            Assert.IsTrue(client.All(c => c.GetProperty("WarmUp").GetProperty("Seconds").GetInt32() > 0), $"{name}: every .NET client run warmed up");
            // Every measurement runs on a fresh server process that passed the correctness probe first (the fixed-rate run
            // shares the first shape's process, which is warm by then).
            var measurements = server.GetProperty("Loads").EnumerateObject().Count() + client.Count;
            Assert.AreEqual(measurements, CountOf(result.Output, $"] {name}: probe passed"), $"{name}: one probe per measured process");
        }
        var codeFirst = servers.Single(s => s.GetProperty("Name").GetString() == Servers.CodeFirst);
        Assert.IsGreaterThan(0, codeFirst.GetProperty("Loads").GetProperty("10x10").GetProperty("ServerBytesPerCall").GetDouble(), "allocations counted");
        Assert.IsFalse(File.Exists(Path.Combine(artifacts.Path, "benchmarks.md")), "a smoke run publishes nothing");
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}
