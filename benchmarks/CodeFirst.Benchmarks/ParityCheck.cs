using System.Buffers;
using CodeFirst.Grpc;
using Google.Protobuf;
using CodeFirstOrder = CodeFirst.Orders.Contracts.Order;
using GoogleOrder = global::Order.V1.Order;

namespace CodeFirst.Benchmarks;

/// <summary>
/// Guards the comparison: timing two codecs only means something if they produce the same bytes and
/// read each other's output. Throws, naming the data set and the first differing byte, otherwise.
/// </summary>
internal static class ParityCheck
{
    /// <summary>Checks one data set; returns its encoded size in bytes.</summary>
    public static int Verify(int items)
    {
        var order = OrderData.Create(items);
        var google = OrderData.ToGoogle(order);
        var expected = google.ToByteArray();

        var writer = new ArrayBufferWriter<byte>();
        MessageCodec.Encode(order, writer);
        Require(items, "Encode(IBufferWriter)", expected, writer.WrittenSpan);

        var span = new byte[MessageCodec.CalculateSize(order)];
        var written = MessageCodec.Encode(order, span);
        Require(items, "Encode(Span)", expected, span.AsSpan(0, written));

        if (MessageCodec.CalculateSize(order) != google.CalculateSize())
        {
            throw new InvalidOperationException($"Order with {items} items: CalculateSize is {MessageCodec.CalculateSize(order)}, Google.Protobuf says {google.CalculateSize()}.");
        }

        // Each side decodes the other's bytes to an equal message.
        var decoded = MessageCodec.Decode<CodeFirstOrder>(expected);
        Require(items, "Decode then Encode", expected, MessageCodec.ToByteArray(decoded));
        if (!GoogleOrder.Parser.ParseFrom(writer.WrittenSpan).Equals(google))
        {
            throw new InvalidOperationException($"Order with {items} items: Google.Protobuf parses our bytes to a different message.");
        }
        return expected.Length;
    }

    /// <summary>Checks every data set; returns a line describing them.</summary>
    public static string VerifyAll() =>
        string.Join(", ", OrderData.ItemCounts.Select(items => $"{items} items = {Verify(items):N0} bytes"));

    private static void Require(int items, string what, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (expected.SequenceEqual(actual))
        {
            return;
        }
        var at = expected.CommonPrefixLength(actual);
        throw new InvalidOperationException(
            $"Order with {items} items: {what} is not byte-identical to Google.Protobuf ({actual.Length} bytes vs {expected.Length}); "
            + $"first difference at offset {at}: ours {Hex(actual, at)}, Google's {Hex(expected, at)}. Benchmarks would compare different work.");
    }

    private static string Hex(ReadOnlySpan<byte> bytes, int at) =>
        at >= bytes.Length ? "<end>" : Convert.ToHexString(bytes.Slice(at, Math.Min(16, bytes.Length - at)));
}
