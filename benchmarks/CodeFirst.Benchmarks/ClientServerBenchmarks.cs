using System.Globalization;
using System.Net;
using System.Reflection;
using System.Runtime.Serialization;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CodeFirst.Grpc;
using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Grpc.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Benchmarks;

/// <summary>
/// Our client against our server, in one process, over real loopback TCP: Kestrel on 127.0.0.1 speaking h2c
/// (HTTP/2 only, logging off) and one <see cref="GrpcChannel"/> with a typed proxy. Each benchmark is one
/// operation of several calls, messages or round trips (<see cref="PerOpAttribute"/>); the Rate column divides
/// them by the mean time. Allocated counts the whole process: client and server.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RateConfig))]
public class ClientServerBenchmarks
{
    /// <summary>Concurrent unary calls per operation of <see cref="UnaryConcurrent"/>.</summary>
    public const int Concurrency = 64;

    /// <summary>Messages in the server stream of <see cref="ServerStreaming"/>.</summary>
    public const int StreamMessages = 10_000;

    /// <summary>Round trips on the duplex call of <see cref="DuplexPingPong"/>.</summary>
    public const int RoundTrips = 1_000;

    private readonly BenchRequest _request = new() { Id = 42, Text = "ping" };
    private readonly Task<BenchReply>[] _concurrent = new Task<BenchReply>[Concurrency];
    private WebApplication _server = null!;
    private GrpcChannel _channel = null!;
    private IBench _client = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddCodeFirstGrpc();
        _server = builder.Build();
        _server.MapGrpcService<BenchService>();
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        _channel = GrpcChannel.ForAddress(address);
        _client = _channel.CreateGrpcService<IBench>();

        // Fail before any timing if a shape does not work end to end.
        var reply = await _client.UnaryAsync(_request);
        var streamed = await CountAsync(_client.StreamAsync(new BenchRequest { Count = 3 }));
        if (reply.Id != 42 || streamed != 3 || await PingPongAsync(3) != 3)
        {
            throw new InvalidOperationException($"The benchmark service answered wrongly: id {reply.Id}, {streamed} streamed.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _channel.Dispose();
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    /// <summary>One unary call at a time.</summary>
    [Benchmark(Description = "Unary, sequential")]
    [PerOp(1, "calls")]
    public async Task<int> Unary() => (await _client.UnaryAsync(_request)).Id;

    /// <summary><see cref="Concurrency"/> unary calls in flight together, on the channel's connection.</summary>
    [Benchmark(Description = "Unary, 64 concurrent")]
    [PerOp(Concurrency, "calls")]
    public async Task<int> UnaryConcurrent()
    {
        for (var i = 0; i < _concurrent.Length; i++)
        {
            _concurrent[i] = _client.UnaryAsync(_request).AsTask();
        }
        await Task.WhenAll(_concurrent);
        return _concurrent[^1].Result.Id;
    }

    /// <summary>One server-streaming call of <see cref="StreamMessages"/> small messages.</summary>
    [Benchmark(Description = "Server stream, 10,000 messages")]
    [PerOp(StreamMessages, "msgs")]
    public Task<int> ServerStreaming() => CountAsync(_client.StreamAsync(new BenchRequest { Count = StreamMessages }));

    /// <summary>One duplex call: each request is sent only after the previous response arrived.</summary>
    [Benchmark(Description = "Duplex ping-pong, 1,000 round trips")]
    [PerOp(RoundTrips, "round trips")]
    public Task<int> DuplexPingPong() => PingPongAsync(RoundTrips);

    private async Task<int> PingPongAsync(int roundTrips)
    {
        var replied = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var count = 0;
        await foreach (var _ in _client.PingPongAsync(Pings(roundTrips, replied.Reader)))
        {
            count++;
            replied.Writer.TryWrite(true);
        }
        return count;
    }

    private async IAsyncEnumerable<BenchRequest> Pings(int count, ChannelReader<bool> replied)
    {
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                await replied.ReadAsync();
            }
            yield return _request;
        }
    }

    private static async Task<int> CountAsync(IAsyncEnumerable<BenchReply> replies)
    {
        var count = 0;
        await foreach (var _ in replies)
        {
            count++;
        }
        return count;
    }
}

[DataContract, ProtoPackage("bench.v1")]
public sealed class BenchRequest
{
    [DataMember(Order = 1)] public int Id { get; set; }
    [DataMember(Order = 2)] public string Text { get; set; } = "";
    /// <summary>Server streaming: how many replies.</summary>
    [DataMember(Order = 3)] public int Count { get; set; }
}

[DataContract, ProtoPackage("bench.v1")]
public sealed class BenchReply
{
    [DataMember(Order = 1)] public int Id { get; set; }
    [DataMember(Order = 2)] public string Text { get; set; } = "";
}

[GrpcService("bench.v1.Bench")]
public interface IBench
{
    ValueTask<BenchReply> UnaryAsync(BenchRequest request, CallContext context = default);

    IAsyncEnumerable<BenchReply> StreamAsync(BenchRequest request, CallContext context = default);

    IAsyncEnumerable<BenchReply> PingPongAsync(IAsyncEnumerable<BenchRequest> requests, CallContext context = default);
}

/// <summary>
/// Echoes. Streams send one shared reply instance, so what is measured is the runtime and the transport, not the
/// service building messages.
/// </summary>
public sealed class BenchService : IBench
{
    private static readonly BenchReply Streamed = new() { Id = 7, Text = "pong" };

    public ValueTask<BenchReply> UnaryAsync(BenchRequest request, CallContext context = default) =>
        ValueTask.FromResult(new BenchReply { Id = request.Id, Text = request.Text });

    public async IAsyncEnumerable<BenchReply> StreamAsync(BenchRequest request, CallContext context = default)
    {
        for (var i = 0; i < request.Count; i++)
        {
            yield return Streamed;
        }
        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<BenchReply> PingPongAsync(IAsyncEnumerable<BenchRequest> requests, CallContext context = default)
    {
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            yield return Streamed;
        }
    }
}

/// <summary>How many calls, messages or round trips one operation of a benchmark makes, and what to call them.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PerOpAttribute(int count, string unit) : Attribute
{
    public int Count { get; } = count;

    public string Unit { get; } = unit;
}

/// <summary>Adds the Rate column: <see cref="PerOpAttribute.Count"/> divided by the mean time of one operation.</summary>
public sealed class RateConfig : ManualConfig
{
    public RateConfig() => AddColumn(new RateColumn());

    private sealed class RateColumn : IColumn
    {
        public string Id => nameof(RateColumn);

        public string ColumnName => "Rate";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Calls, messages or round trips per second: the count per operation / Mean";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var perOp = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<PerOpAttribute>();
            var meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (perOp is null || meanNanoseconds is not > 0)
            {
                return "-";
            }
            var perSecond = perOp.Count * 1e9 / meanNanoseconds.Value;
            return perSecond.ToString("N0", CultureInfo.InvariantCulture) + " " + perOp.Unit + "/s";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
