using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CodeFirst.Grpc;
using Google.Protobuf;
using GoogleOrder = global::Order.V1.Order;
using CodeFirstOrder = CodeFirst.Orders.Contracts.Order;

namespace CodeFirst.Benchmarks;

/// <summary>
/// Our codec against protoc-generated Google.Protobuf code on the same order. Each data set
/// (<see cref="Items"/>) and category (operation) is one group, with Google.Protobuf as its baseline;
/// the table lists the groups data set first.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams, BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OrderCodecBenchmarks
{
    private const string Encode = "Encode";
    private const string Decode = "Decode";
    private const string Size = "CalculateSize";

    private readonly ArrayBufferWriter<byte> _writer = new(1 << 20);
    private CodeFirstOrder _order = null!;
    private GoogleOrder _google = null!;
    private byte[] _bytes = null!;

    /// <summary>Line items in the order: the spec's small order, and a bulk one.</summary>
    [ParamsSource(nameof(ItemCounts))]
    public int Items { get; set; }

    public static IEnumerable<int> ItemCounts => OrderData.ItemCounts;

    [GlobalSetup]
    public void Setup()
    {
        // Runs in the benchmark process itself: no timing unless both sides produce the same bytes.
        ParityCheck.Verify(Items);
        _order = OrderData.Create(Items);
        _google = OrderData.ToGoogle(_order);
        _bytes = _google.ToByteArray();
    }

    [Benchmark(Baseline = true, Description = "Google.Protobuf")]
    [BenchmarkCategory(Encode)]
    public int Encode_Google()
    {
        _writer.ResetWrittenCount();
        _google.WriteTo(_writer);
        return _writer.WrittenCount;
    }

    [Benchmark(Description = "CodeFirst")]
    [BenchmarkCategory(Encode)]
    public int Encode_CodeFirst()
    {
        _writer.ResetWrittenCount();
        MessageCodec.Encode(_order, _writer);
        return _writer.WrittenCount;
    }

    // Decoders return object: BenchmarkDotNet's generated code names return types without global::,
    // and there Order.V1 would resolve to its own BenchmarkDotNet.Order namespace.
    [Benchmark(Baseline = true, Description = "Google.Protobuf")]
    [BenchmarkCategory(Decode)]
    public object Decode_Google() => GoogleOrder.Parser.ParseFrom(new ReadOnlySpan<byte>(_bytes));

    [Benchmark(Description = "CodeFirst")]
    [BenchmarkCategory(Decode)]
    public object Decode_CodeFirst() => MessageCodec.Decode<CodeFirstOrder>(new ReadOnlySpan<byte>(_bytes));

    [Benchmark(Baseline = true, Description = "Google.Protobuf")]
    [BenchmarkCategory(Size)]
    public int CalculateSize_Google() => _google.CalculateSize();

    [Benchmark(Description = "CodeFirst")]
    [BenchmarkCategory(Size)]
    public int CalculateSize_CodeFirst() => MessageCodec.CalculateSize(_order);
}
