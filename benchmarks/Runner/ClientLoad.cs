using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeFirst.Greeter;
using CodeFirst.Grpc.Client;

namespace CodeFirst.Bench;

/// <summary>The call shapes the CodeFirst .NET client drives.</summary>
public enum ClientShape
{
    /// <summary>Unary calls, each worker one at a time.</summary>
    Unary,

    /// <summary>Server streams of <see cref="ClientLoad.StreamLength"/> replies, each worker one call at a time.</summary>
    Stream,

    /// <summary>One duplex call per worker, sending requests as fast as flow control lets it and counting replies.</summary>
    Duplex,
}

/// <summary>What one client run measured: operations (calls or messages) per second, latency, allocations.</summary>
public sealed record ClientResult(ClientShape Shape, long Operations, double Seconds, double P50Millis, double P99Millis, double AllocatedBytesPerOperation)
{
    /// <summary>Calls in flight at once: channels × workers.</summary>
    public int InFlight { get; init; }

    /// <summary>How long the client (and the server with it) was warmed up before this was measured.</summary>
    public WarmUp? WarmUp { get; init; }

    /// <summary>Operations per second.</summary>
    public double PerSecond => Operations / Seconds;
}

/// <summary>
/// The CodeFirst .NET client as a load generator, run as its own process pinned to the load core
/// (<c>CodeFirst.Bench client ...</c>) so its CPU and allocations are its own. Workers share
/// <c>connections</c> channels (one HTTP/2 connection each); every worker runs from the start, and only what completes
/// inside the measured window after the warm-up (until the rate settles: <see cref="SteadyState"/>) counts.
/// </summary>
public sealed class ClientLoad(string address, ClientShape shape, int connections, int workersPerConnection)
{
    /// <summary>Replies per server-streaming call.</summary>
    public const int StreamLength = 1000;

    private readonly LatencyHistogram _latencies = new();
    private long _completed;
    private volatile bool _measuring;

    /// <summary>Runs the load and returns its result.</summary>
    public async Task<ClientResult> RunAsync(SteadyState steady, TimeSpan duration)
    {
        var channels = Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(address)).ToArray();
        using var stop = new CancellationTokenSource();
        var workers = channels.SelectMany(channel => Enumerable.Range(0, workersPerConnection).Select(_ => Task.Run(() => WorkAsync(channel, stop.Token)))).ToArray();

        var warmUp = await steady.RunAsync(async window =>
        {
            var before = Interlocked.Read(ref _completed);
            var started = Stopwatch.GetTimestamp();
            await Task.Delay(window);
            return (Interlocked.Read(ref _completed) - before) / Stopwatch.GetElapsedTime(started).TotalSeconds;
        });
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var completedBefore = Interlocked.Read(ref _completed);
        var clock = Stopwatch.StartNew();
        _measuring = true;
        await Task.Delay(duration);
        _measuring = false;
        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var operations = Interlocked.Read(ref _completed) - completedBefore;

        stop.Cancel();
        try
        {
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
        }
        catch (CodeFirst.Grpc.RpcException e) when (e.StatusCode == CodeFirst.Grpc.StatusCode.Cancelled)
        {
        }
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
        return new ClientResult(shape, operations, seconds,
            shape == ClientShape.Unary ? _latencies.PercentileMillis(0.50) : double.NaN,
            shape == ClientShape.Unary ? _latencies.PercentileMillis(0.99) : double.NaN,
            operations == 0 ? double.NaN : (double)allocated / operations)
        {
            InFlight = connections * workersPerConnection,
            WarmUp = warmUp,
        };
    }

    private Task WorkAsync(GrpcChannel channel, CancellationToken stop) => shape switch
    {
        ClientShape.Unary => UnaryAsync(channel.CreateGrpcService<IGreeter>(), stop),
        ClientShape.Stream => StreamAsync(channel.CreateGrpcService<IStreamingGreeter>(), stop),
        _ => DuplexAsync(channel.CreateGrpcService<IStreamingGreeter>(), stop),
    };

    private async Task UnaryAsync(IGreeter greeter, CancellationToken stop)
    {
        var request = new HelloRequest { Name = "world" };
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await greeter.SayHelloAsync(request);
            Interlocked.Increment(ref _completed);
            if (_measuring)
            {
                _latencies.Record(Stopwatch.GetElapsedTime(started));
            }
        }
    }

    private async Task StreamAsync(IStreamingGreeter greeter, CancellationToken stop)
    {
        var request = new HelloStreamRequest { Name = "world", Count = StreamLength };
        while (!stop.IsCancellationRequested)
        {
            await foreach (var _ in greeter.SayHelloStreamAsync(request))
            {
                Interlocked.Increment(ref _completed);
            }
        }
    }

    private async Task DuplexAsync(IStreamingGreeter greeter, CancellationToken stop)
    {
        await foreach (var _ in greeter.SayHelloEachAsync(Requests(stop), stop))
        {
            Interlocked.Increment(ref _completed);
        }
    }

    private static async IAsyncEnumerable<HelloRequest> Requests([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken stop = default)
    {
        var request = new HelloRequest { Name = "world" };
        while (!stop.IsCancellationRequested)
        {
            yield return request;
        }
        await Task.CompletedTask;
    }

    /// <summary>The child process's entry: runs one load and prints its result as one JSON line.</summary>
    public static async Task<int> MainAsync(Options options)
    {
        var load = new ClientLoad(options.Required("--address"), Enum.Parse<ClientShape>(options.Required("--shape"), ignoreCase: true),
            options.Int("--connections", 10), options.Int("--workers", 10));
        var steady = new SteadyState(options.Int("--steady-window", 5), options.Int("--steady-windows", 3),
            double.Parse(options.Get("--steady-tolerance", "0.04")!, CultureInfo.InvariantCulture), options.Int("--warmup-max", 90));
        var result = await load.RunAsync(steady, TimeSpan.FromSeconds(options.Int("--duration", 10)));
        Console.WriteLine(JsonSerializer.Serialize(result, BenchRun.JsonOptions));
        return 0;
    }
}
