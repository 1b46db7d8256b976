namespace CodeFirst.Bench.Tests;

/// <summary>What the harness reads from h2load and writes into docs/benchmarks.md.</summary>
[TestClass]
public sealed class ReportingTests
{
    // h2load 1.52's summary, as printed for a 10x10 run (trimmed to the lines the harness reads and their neighbours).
    private const string H2LoadOutput = """
        starting benchmark...
        spawning thread #0: 10 total client(s). Timing-based test with 5s of warm-up time and 15s of main duration for measurements.
        Warm-up started for thread #0.
        progress: 10% of clients started
        Warm-up phase is over for thread #0.
        Main benchmark duration is started for thread #0.
        Main benchmark duration is over for thread #0. Stopping all clients.

        finished in 15.00s, 155740.10 req/s, 7.28MB/s
        requests: 1557401 total, 1557401 started, 1557401 done, 1557398 succeeded, 2 failed, 1 errored, 0 timeout
        status codes: 1557396 2xx, 0 3xx, 2 4xx, 0 5xx
        traffic: 109.18MB (114481342) total, 4.46MB (4672203) headers (space savings 95.77%), 28.04MB (29400000) data
                             min         max         mean         sd        +/- sd
        time for request:       53us     22.63ms       613us       552us    94.06%
        """;

    [TestMethod]
    public void A_servers_listening_line_gives_the_address_it_really_bound()
    {
        // Every server is started on port 0; the port the system picked is only known from this line.
        Assert.AreEqual("http://127.0.0.1:41234", ServerProcess.ParseAddress("listening on 127.0.0.1:41234", "greeter"));
        foreach (var line in new[] { "listening on 127.0.0.1:0", "listening on 127.0.0.1", "listening on 127.0.0.1:http", "listening on :80", "listening on 127.0.0.1:70000" })
        {
            var refused = Assert.ThrowsExactly<InvalidOperationException>(() => ServerProcess.ParseAddress(line, "greeter"), line);
            Assert.Contains(line, refused.Message);
        }
    }

    [TestMethod]
    public async Task Warm_up_ends_when_the_last_windows_agree_or_the_time_is_up()
    {
        var steady = new SteadyState(WindowSeconds: 5, Windows: 3, Tolerance: 0.04, MaxSeconds: 60);
        Assert.IsFalse(steady.IsReached([100, 101]), "fewer windows than it compares");
        Assert.IsFalse(steady.IsReached([100, 101, 110]), "the .NET JIT still finishing: the rate jumps");
        Assert.IsTrue(steady.IsReached([50, 100, 103, 104, 106]), "only the last three count, and 106/103 is within 4%");
        Assert.IsFalse(steady.IsReached([100, 0, 0]), "a server that stopped answering is not steady");

        // Driven: the rate settles at the sixth window, so the warm-up ends there; a rate that never settles stops at the limit.
        var rates = new Queue<double>([90, 100, 150, 200, 204, 202, 300]);
        var settled = await steady.RunAsync(_ => Task.FromResult(rates.Dequeue()));
        CollectionAssert.AreEqual(new[] { 90.0, 100, 150, 200, 204, 202 }, settled.Rates.ToArray());
        Assert.IsTrue(settled.Steady);
        Assert.AreEqual(30, settled.Seconds);
        var climbing = 1.0;
        var never = await steady.RunAsync(_ => Task.FromResult(climbing *= 2));
        Assert.IsFalse(never.Steady);
        Assert.AreEqual(60, never.Seconds, "at most MaxSeconds");
    }

    [TestMethod]
    public void H2load_summary_gives_the_rate_and_every_kind_of_failure()
    {
        var result = H2Load.Parse(H2LoadOutput);

        Assert.AreEqual(155740.10, result.RequestsPerSecond, 0.001);
        Assert.AreEqual(1557398, result.Succeeded);
        Assert.AreEqual(3, result.Failed, "failed + errored + timeout");
        Assert.AreEqual(2, result.Non2xx);
    }

    [TestMethod]
    public void Histogram_percentiles_are_exact_in_the_fine_range_and_bucketed_above_it()
    {
        var histogram = new LatencyHistogram();
        for (var micros = 1; micros <= 1000; micros++)
        {
            histogram.Record(micros);
        }
        Assert.AreEqual(0.500, histogram.PercentileMillis(0.50), 1e-9);
        Assert.AreEqual(0.990, histogram.PercentileMillis(0.99), 1e-9);
        Assert.AreEqual(1000, histogram.Count);

        var slow = new LatencyHistogram();
        slow.Record(TimeSpan.FromMilliseconds(25.04));
        slow.Record(TimeSpan.FromSeconds(3));
        Assert.AreEqual(25.0, slow.PercentileMillis(0.5), 1e-9, "100 µs buckets above 10 ms");
        Assert.AreEqual(1000.0, slow.PercentileMillis(1.0), 1e-9, "past 1 s: the overflow bucket");
        Assert.IsTrue(double.IsNaN(new LatencyHistogram().PercentileMillis(0.5)));
    }

    [TestMethod]
    public void Report_replaces_only_its_own_section_and_judges_the_targets()
    {
        var directory = Directory.CreateTempSubdirectory("codefirst-report");
        try
        {
            var page = Path.Combine(directory.FullName, "benchmarks.md");
            var chart = Path.Combine(directory.FullName, "chart.svg");
            File.WriteAllText(page, $"# Benchmarks\n\nbefore\n\n{Report.Begin}\nstale\n{Report.End}\n\nafter\n");

            Report.Write(Sample(codeFirstRps: 90_000), page, chart);
            Report.Write(Sample(codeFirstRps: 140_000), page, chart);

            var text = File.ReadAllText(page);
            Assert.StartsWith("# Benchmarks\n\nbefore\n\n", text);
            Assert.EndsWith($"{Report.End}\n\nafter\n", text);
            Assert.DoesNotContain("stale", text);
            Assert.AreEqual(1, CountOf(text, "<!-- bench:begin"), "one section, replaced in place");
            Assert.Contains("| 140,000 | 1.17x | 0.93x | 1.00 | 90 MiB | 40 s |", text, "CodeFirst's row: req/s, vs grpc-go, vs raw Kestrel, CPU, RSS, warm-up");
            Assert.Contains("| 90 MiB | 90 s, not steady |", text, "a warm-up that ran out of time says so");
            Assert.Contains("- unary req/s at 10x10 >= 0.85x raw Kestrel: 0.93x, **met**", text);
            Assert.Contains("- p99 at the fixed rate <= 1.5x grpc-go's: 2.00x, **not met**", text);
            Assert.Contains("- server allocations per unary call <= 2 KB: 900 B, **met**", text);
            Assert.Contains("- client allocations per unary call <= 4 KB, one call at a time: 3,000 B, **met**", text);
            Assert.Contains("`dotnet cake --target=Bench --servers=grpc-go`", text, "each row names its command");
            Assert.Contains("](chart.svg)", text);

            var svg = File.ReadAllText(chart);
            Assert.StartsWith("<svg ", svg);
            Assert.Contains(">140,000</text>", svg);
            Assert.Contains(">CodeFirst (.NET 10)</text>", svg);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static BenchReport Sample(double codeFirstRps)
    {
        var settings = new BenchSettings(["10x10"], new SteadyState(5, 3, 0.04, 90), 2, 15, 10, 500, 10, 10, 10, 10, 200_000, 0, 1);
        var machine = new MachineInfo("Test CPU", 2, "Debian", "6.1", ".NET 10", "0.10 0.20 0.30", new Dictionary<string, string> { ["h2load"] = "1.52" });
        ServerResult Server(string name, string label, double rps, double p99) => new(name, label)
        {
            Loads =
            {
                ["10x10"] = new LoadResult(rps, 1.0, 90 * 1048576L, 0)
                {
                    ServerBytesPerCall = name == Servers.CodeFirst ? 900 : null,
                    WarmUp = name == Servers.Raw ? new WarmUp(90, false, [1, 2]) : new WarmUp(40, true, [3, 4]),
                },
            },
            FixedRate = new LatencyResult(5000, 0.3, p99, 0),
        };
        var codeFirst = Server(Servers.CodeFirst, "CodeFirst (.NET 10)", codeFirstRps, 2.0);
        codeFirst.Client.Add(new ClientResult(ClientShape.Unary, 100_000, 10, 0.4, 1.2, 3000) { InFlight = 1 });
        return new BenchReport(DateTimeOffset.UnixEpoch, machine, settings,
            [codeFirst, Server(Servers.Raw, "raw", 150_000, 0.8), Server(Servers.Go, "go", 120_000, 1.0)]);
    }
}
