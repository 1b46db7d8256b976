using System.Globalization;
using System.Text.RegularExpressions;

namespace CodeFirst.Bench;

/// <summary>A load for h2load: connections × streams, and either a duration after a warm-up or a fixed rate.</summary>
public sealed record H2LoadShape(int Connections, int Streams)
{
    /// <summary>"10x10": connections x concurrent streams per connection.</summary>
    public string Name => $"{Connections}x{Streams}";

    /// <summary>Parses "10x10".</summary>
    public static H2LoadShape Parse(string text)
    {
        var parts = text.Split('x');
        return new H2LoadShape(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}

/// <summary>What one h2load run reported.</summary>
public sealed record H2LoadResult(double RequestsPerSecond, long Succeeded, long Failed, long Non2xx)
{
    /// <summary>p50 and p99 in ms, from the per-request log (fixed-rate runs only).</summary>
    public double P50Millis { get; init; } = double.NaN;

    /// <inheritdoc cref="P50Millis" />
    public double P99Millis { get; init; } = double.NaN;
}

/// <summary>
/// Runs nghttp2's h2load (Debian <c>nghttp2-client</c>) pinned to a core, posting one pre-encoded gRPC request body
/// (a length-prefixed <c>HelloRequest{name: "world"}</c>) with gRPC's headers, on one h2load thread.
/// </summary>
public sealed partial class H2Load(string bodyFile, int core)
{
    /// <summary>The install command, for the message when h2load is missing.</summary>
    public const string Install = "apt-get install -y nghttp2-client";

    /// <summary>Throughput: warm-up, then <paramref name="duration"/> at full speed.</summary>
    public async Task<H2LoadResult> SaturateAsync(string url, H2LoadShape shape, TimeSpan warmUp, TimeSpan duration)
    {
        var output = await RunAsync(url, shape, ["-D", Seconds(duration), "--warm-up-time", Seconds(warmUp)], duration + warmUp);
        var result = Parse(output);
        if (result.Succeeded == 0)
        {
            throw new InvalidOperationException($"h2load completed no request in {duration.TotalSeconds} s at {shape.Name} (the server stalled, or the run is too short for the shape):\n{output}");
        }
        return result;
    }

    /// <summary>Warms the server up at full speed in windows of <paramref name="steady"/>'s length until its rate settles.</summary>
    public Task<WarmUp> WarmUpAsync(string url, H2LoadShape shape, SteadyState steady) =>
        steady.RunAsync(async window =>
        {
            var output = await RunAsync(url, shape, ["-D", Seconds(window)], window);
            return Parse(output).RequestsPerSecond;
        });

    /// <summary>
    /// A fixed total count of requests (no warm-up), for counting what the server allocates per call.
    /// </summary>
    public async Task<H2LoadResult> CountAsync(string url, H2LoadShape shape, long requests)
    {
        var output = await RunAsync(url, shape, ["-n", requests.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(2));
        return Parse(output);
    }

    /// <summary>Latency: <paramref name="connections"/> connections, one stream each, each at <paramref name="ratePerConnection"/> requests/s.</summary>
    public async Task<H2LoadResult> FixedRateAsync(string url, int connections, int ratePerConnection, TimeSpan duration)
    {
        var log = Path.GetTempFileName();
        try
        {
            var output = await RunAsync(url, new H2LoadShape(connections, 1),
                ["-D", Seconds(duration), "--rps", ratePerConnection.ToString(CultureInfo.InvariantCulture), "--log-file", log], duration);
            var latencies = new LatencyHistogram();
            foreach (var line in File.ReadLines(log))
            {
                // start time (µs since the epoch) \t HTTP status \t µs until the response ended
                var fields = line.Split('\t');
                if (fields.Length >= 3 && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var micros))
                {
                    latencies.Record(micros);
                }
            }
            return Parse(output) with { P50Millis = latencies.PercentileMillis(0.50), P99Millis = latencies.PercentileMillis(0.99) };
        }
        finally
        {
            File.Delete(log);
        }
    }

    private async Task<string> RunAsync(string url, H2LoadShape shape, string[] extra, TimeSpan expected)
    {
        if (Tools.Which("h2load") is null)
        {
            throw new InvalidOperationException($"h2load is not installed: {Install}");
        }
        string[] arguments =
        [
            "-c", Core(), "h2load",
            "-t", "1",
            "-c", shape.Connections.ToString(CultureInfo.InvariantCulture),
            "-m", shape.Streams.ToString(CultureInfo.InvariantCulture),
            .. extra,
            "-d", bodyFile,
            "-H", "content-type: application/grpc",
            "-H", "te: trailers",
            url,
        ];
        var (exit, output) = await Tools.RunAsync("taskset", arguments, Environment.CurrentDirectory, expected + TimeSpan.FromMinutes(1));
        if (exit != 0 || !output.Contains("requests:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"h2load {string.Join(' ', arguments[2..])} failed (exit {exit}):\n{output}");
        }
        return output;
    }

    /// <summary>Reads h2load's summary: the req/s of "finished in", and the "requests:" and "status codes:" counts.</summary>
    public static H2LoadResult Parse(string output)
    {
        var rate = double.Parse(Finished().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = Requests().Match(output);
        var codes = StatusCodes().Match(output);
        long Count(Match m, string group) => long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        var non2xx = Count(codes, "c3") + Count(codes, "c4") + Count(codes, "c5");
        return new H2LoadResult(rate, Count(requests, "ok"), Count(requests, "failed") + Count(requests, "errored") + Count(requests, "timeout"), non2xx);
    }

    private string Core() => core.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => $"{Math.Max(1, (int)time.TotalSeconds)}s";

    [GeneratedRegex(@"finished in [\d.]+\w*, ([\d.]+) req/s")]
    private static partial Regex Finished();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (?<ok>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored, (?<timeout>\d+) timeout")]
    private static partial Regex Requests();

    [GeneratedRegex(@"status codes: (?<c2>\d+) 2xx, (?<c3>\d+) 3xx, (?<c4>\d+) 4xx, (?<c5>\d+) 5xx")]
    private static partial Regex StatusCodes();
}
