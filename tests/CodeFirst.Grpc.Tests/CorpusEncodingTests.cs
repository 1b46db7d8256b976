using System.Buffers;
using CodeFirst.Grpc.Tests.Corpus;
using Google.Protobuf;

namespace CodeFirst.Grpc.Tests;

/// <summary>Byte equality with protoc-generated C# (Google.Protobuf 3.25.1) on hand-picked corpus messages.</summary>
[TestClass]
public sealed class CorpusEncodingTests
{
    [TestMethod]
    public void Full_message_encodes_to_the_same_bytes_as_generated_code()
    {
        var message = Samples.Full();
        var expected = Reference.From(message).ToByteArray();

        CollectionAssert.AreEqual(expected, MessageCodec.ToByteArray(message), Hex(expected, MessageCodec.ToByteArray(message)));
    }

    [TestMethod]
    public void Empty_message_encodes_to_no_bytes()
    {
        Assert.AreEqual(0, MessageCodec.ToByteArray(new Everything()).Length);
        Assert.AreEqual(0, new global::Corpus.V1.Everything().ToByteArray().Length);
    }

    [TestMethod]
    public void Generated_codes_bytes_decode_to_an_equal_message()
    {
        var reference = Reference.From(Samples.Full());

        var decoded = MessageCodec.Decode<Everything>(reference.ToByteArray());

        Assert.AreEqual(reference, Reference.From(decoded));
    }

    [TestMethod]
    public void Our_bytes_decode_in_generated_code_to_an_equal_message()
    {
        var message = Samples.Full();

        var parsed = global::Corpus.V1.Everything.Parser.ParseFrom(MessageCodec.ToByteArray(message));

        Assert.AreEqual(Reference.From(message), parsed);
    }

    [TestMethod]
    public void A_null_element_of_a_repeated_field_fails_the_encoding_and_names_the_element_type()
    {
        // Protobuf has no null element; the message list and the string list take different paths in the codec.
        var nullMessage = new Everything { Children = [new Nested { Name = "a" }, null!] };
        var nullText = new Everything { Texts = ["a", null!] };

        foreach (var (message, type) in new[] { (nullMessage, nameof(Nested)), (nullText, nameof(String)) })
        {
            var sized = Assert.ThrowsExactly<InvalidOperationException>(() => MessageCodec.CalculateSize(message));
            var encoded = Assert.ThrowsExactly<InvalidOperationException>(() => MessageCodec.Encode(message, new ArrayBufferWriter<byte>()));
            StringAssert.Contains(sized.Message, $"repeated field of {type} contains a null element");
            StringAssert.Contains(encoded.Message, $"repeated field of {type} contains a null element");
        }
    }

    [TestMethod]
    public void Encoding_through_a_buffer_writer_in_small_segments_gives_the_same_bytes()
    {
        var message = Samples.Full();
        var writer = new TinySegmentWriter(7);

        MessageCodec.Encode(message, writer);

        CollectionAssert.AreEqual(MessageCodec.ToByteArray(message), writer.ToArray());
    }

    [TestMethod]
    public void Decoding_a_segmented_sequence_gives_the_same_message()
    {
        var bytes = MessageCodec.ToByteArray(Samples.Full());
        var sequence = Segments.Split(bytes, 5);

        var decoded = MessageCodec.Decode<Everything>(sequence);

        Assert.AreEqual(Reference.From(Samples.Full()), Reference.From(decoded));
    }

    [TestMethod]
    public void Unknown_fields_are_skipped()
    {
        // Nested has fields 1-4; these fields of Everything, one of each wire type, are unknown to it.
        var everything = new global::Corpus.V1.Everything { Uint32 = 5, Fixed32 = 9, Fixed64 = 9, Far = "unknown to Nested" };
        everything.Int32S.Add([1, 2, 3]);
        var bytes = everything.ToByteArray();

        var decoded = MessageCodec.Decode<Nested>(bytes);

        Assert.AreEqual("", decoded.Name);
        Assert.AreEqual(0, decoded.Value);
    }

    [TestMethod]
    public void A_zero_duration_map_value_is_written_as_an_empty_message_like_generated_code()
    {
        // Found by CorpusPropertyTests: a singular Duration omits TimeSpan.Zero, but a map value is a message
        // that Google.Protobuf writes whenever it is not null, so the entry is {key, 12 00}, not {key}.
        var message = new Everything { Durations = new() { [""] = TimeSpan.Zero, ["k"] = TimeSpan.Zero } };
        var expected = Reference.From(message).ToByteArray();

        var actual = MessageCodec.ToByteArray(message);

        CollectionAssert.AreEqual(expected, actual, Hex(expected, actual));
        Assert.AreEqual(expected.Length, MessageCodec.CalculateSize(message));
        Assert.AreEqual(TimeSpan.Zero, MessageCodec.Decode<Everything>(actual).Durations!["k"]);
    }

    private static string Hex(byte[] expected, byte[] actual) =>
        $"\nexpected {Convert.ToHexString(expected)}\nactual   {Convert.ToHexString(actual)}";
}
