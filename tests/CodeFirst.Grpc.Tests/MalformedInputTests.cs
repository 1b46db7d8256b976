using System.Buffers.Binary;
using CodeFirst.Grpc.Tests.Corpus;

namespace CodeFirst.Grpc.Tests;

/// <summary>
/// Hand-built malformed inputs: decoding must fail with a <see cref="MessageDecodeException"/> that names
/// the message being decoded when the fault was found and the field concerned, never with another
/// exception, a hang or an allocation sized by the input's claims.
/// </summary>
[TestClass]
public sealed class MalformedInputTests
{
    private const string EverythingName = "corpus.v1.Everything";
    private const string NestedName = "corpus.v1.Nested";

    // Wire types.
    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int LengthDelimited = 2;
    private const int StartGroup = 3;
    private const int EndGroup = 4;
    private const int Fixed32 = 5;

    // Everything's field numbers.
    private const int Int32Field = 3;
    private const int Fixed32Field = 9;
    private const int Fixed64Field = 10;
    private const int TextField = 14;
    private const int BytesField = 15;
    private const int NestedField = 17;
    private const int Int32sField = 30;
    private const int DoublesField = 31;
    private const int TextsField = 32;
    private const int ChildrenField = 33;
    private const int Fixed32sField = 36;
    private const int CountsField = 50;
    private const int TimestampField = 60;
    private const int NullableTimestampField = 61;
    private const int DurationField = 63;
    private const int GuidField = 65;

    // Nested's field numbers.
    private const int NameField = 1;
    private const int ValueField = 2;
    private const int ChildField = 3;

    // ---- Truncated data ----

    [TestMethod]
    public void Truncated_varint_fails()
    {
        var data = new Wire().Tag(Int32Field, Varint).Raw(0x96); // continuation bit set, no next byte

        var e = AssertFault<Everything>(data, EverythingName, Int32Field);

        Assert.Contains("truncated", e.Reason);
    }

    [TestMethod]
    public void Truncated_fixed32_fails()
    {
        var data = new Wire().Tag(Fixed32Field, Fixed32).Raw(1, 2, 3);

        var e = AssertFault<Everything>(data, EverythingName, Fixed32Field);

        Assert.Contains("truncated", e.Reason);
    }

    [TestMethod]
    public void Truncated_fixed64_fails()
    {
        var data = new Wire().Tag(Fixed64Field, Fixed64).Raw(1, 2, 3, 4, 5, 6, 7);

        var e = AssertFault<Everything>(data, EverythingName, Fixed64Field);

        Assert.Contains("truncated", e.Reason);
    }

    [TestMethod]
    public void Truncated_length_delimited_payload_fails()
    {
        var data = new Wire().Tag(TextField, LengthDelimited).Varint(5).Raw("abc"u8.ToArray());

        var e = AssertFault<Everything>(data, EverythingName, TextField);

        Assert.Contains("past the end", e.Reason);
    }

    [TestMethod]
    public void Truncated_nested_message_fails_at_its_length_prefix()
    {
        // The nested message claims 10 bytes; the input ends after 4 of them.
        var data = new Wire().Tag(NestedField, LengthDelimited).Varint(10).Tag(ValueField, Varint).Varint(150).Raw(0x0A);

        var e = AssertFault<Everything>(data, EverythingName, NestedField);

        Assert.Contains("past the end", e.Reason);
    }

    [TestMethod]
    public void Truncated_data_inside_a_nested_message_names_the_nested_message()
    {
        // The lengths agree all the way down, but the innermost string is cut short.
        var inner = new Wire().Tag(NameField, LengthDelimited).Varint(8).Raw("abc"u8.ToArray());
        var data = new Wire().Message(NestedField, new Wire().Message(ChildField, inner));

        var e = AssertFault<Everything>(data, NestedName, NameField);

        Assert.Contains("past the end", e.Reason);
    }

    [TestMethod]
    public void Truncation_is_reported_the_same_through_a_segmented_sequence()
    {
        var data = new Wire().Tag(TextField, LengthDelimited).Varint(5).Raw("abc"u8.ToArray()).ToArray();

        var e = Assert.ThrowsExactly<MessageDecodeException>(() => MessageCodec.Decode<Everything>(Segments.Split(data, 2)));

        Assert.AreEqual(EverythingName, e.MessageType);
        Assert.AreEqual(TextField, e.FieldNumber);
    }

    [TestMethod]
    public void Empty_input_is_an_empty_message()
    {
        var message = MessageCodec.Decode<Everything>(ReadOnlySpan<byte>.Empty);

        Assert.AreEqual(0, message.Int32);
        Assert.IsNull(message.Text);
    }

    // ---- Varints and lengths ----

    [TestMethod]
    public void Varint_longer_than_10_bytes_fails()
    {
        var data = new Wire().Tag(Int32Field, Varint).Raw(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);

        var e = AssertFault<Everything>(data, EverythingName, Int32Field);

        Assert.Contains("10 bytes", e.Reason);
    }

    [TestMethod]
    public void Ten_byte_varint_is_accepted()
    {
        // -1 as an int32 is written as a 10-byte varint.
        var data = new Wire().Tag(Int32Field, Varint).Varint(ulong.MaxValue);

        Assert.AreEqual(-1, MessageCodec.Decode<Everything>(data.ToArray()).Int32);
    }

    [TestMethod]
    public void Tag_longer_than_10_bytes_fails_outside_any_field()
    {
        var data = new Wire().Tag(Int32Field, Varint).Varint(1).Raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);

        var e = AssertFault<Everything>(data, EverythingName, 0);

        Assert.Contains("10 bytes", e.Reason);
    }

    [TestMethod]
    public void Length_prefix_past_the_end_fails()
    {
        var data = new Wire().Tag(BytesField, LengthDelimited).Varint(100).Raw(1, 2, 3);

        var e = AssertFault<Everything>(data, EverythingName, BytesField);

        Assert.Contains("100", e.Reason);
    }

    [TestMethod]
    public void Negative_length_fails()
    {
        // -1 as a 10-byte varint.
        var data = new Wire().Tag(TextField, LengthDelimited).Varint(ulong.MaxValue).Raw("abc"u8.ToArray());

        var e = AssertFault<Everything>(data, EverythingName, TextField);

        Assert.Contains("negative", e.Reason);
    }

    [TestMethod]
    [DataRow(TextField, DisplayName = "string")]
    [DataRow(BytesField, DisplayName = "bytes")]
    [DataRow(NestedField, DisplayName = "embedded message")]
    [DataRow(Int32sField, DisplayName = "packed int32")]
    [DataRow(Fixed32sField, DisplayName = "packed fixed32")]
    [DataRow(TextsField, DisplayName = "repeated string")]
    [DataRow(CountsField, DisplayName = "map")]
    [DataRow(TimestampField, DisplayName = "timestamp")]
    [DataRow(GuidField, DisplayName = "guid")]
    [DataRow(999, DisplayName = "unknown field")]
    public void Huge_declared_length_fails_fast(int field)
    {
        // int.MaxValue: were it trusted, decoding would allocate 2 GB; it must fail before.
        var data = new Wire().Tag(field, LengthDelimited).Varint(int.MaxValue).Raw(1, 2, 3, 4);

        AssertFault<Everything>(data, EverythingName, field);

        var oversized = new Wire().Tag(field, LengthDelimited).Varint(1UL << 40).Raw(1, 2, 3, 4);
        AssertFault<Everything>(oversized, EverythingName, field);

        // Warmed up above, the failing decode allocates the exception and little else.
        var bytes = data.ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.ThrowsExactly<MessageDecodeException>(() => MessageCodec.Decode<Everything>(bytes));
        Assert.IsLessThan(1 << 20, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // ---- Wire types ----

    [TestMethod]
    public void Varint_for_a_string_field_fails()
    {
        var data = new Wire().Tag(TextField, Varint).Varint(1);

        var e = AssertFault<Everything>(data, EverythingName, TextField);

        Assert.Contains("wire type", e.Reason);
    }

    [TestMethod]
    public void Fixed32_for_an_int32_field_fails()
    {
        var data = new Wire().Tag(Int32Field, Fixed32).Raw(1, 0, 0, 0);

        var e = AssertFault<Everything>(data, EverythingName, Int32Field);

        Assert.Contains("wire type", e.Reason);
    }

    [TestMethod]
    public void Length_delimited_for_a_singular_int32_field_fails()
    {
        // Packing applies to repeated fields only.
        var data = new Wire().Tag(Int32Field, LengthDelimited).Varint(1).Varint(1);

        var e = AssertFault<Everything>(data, EverythingName, Int32Field);

        Assert.Contains("wire type", e.Reason);
    }

    [TestMethod]
    [DataRow(Fixed32Field, Varint, DisplayName = "varint for fixed32")]
    [DataRow(Fixed64Field, Fixed32, DisplayName = "fixed32 for fixed64")]
    [DataRow(NestedField, Varint, DisplayName = "varint for a message")]
    [DataRow(Int32Field, StartGroup, DisplayName = "start-group for int32")]
    [DataRow(Int32Field, EndGroup, DisplayName = "end-group for int32")]
    [DataRow(TextsField, Varint, DisplayName = "varint for repeated string (not packable)")]
    [DataRow(ChildrenField, Fixed64, DisplayName = "fixed64 for repeated message")]
    [DataRow(Int32sField, Fixed64, DisplayName = "fixed64 for repeated int32")]
    [DataRow(Fixed32sField, Varint, DisplayName = "varint for repeated fixed32")]
    [DataRow(CountsField, Varint, DisplayName = "varint for a map")]
    [DataRow(TimestampField, Fixed64, DisplayName = "fixed64 for a timestamp")]
    [DataRow(GuidField, Varint, DisplayName = "varint for a guid")]
    public void Wrong_wire_type_for_a_known_field_fails(int field, int wireType)
    {
        var data = new Wire().Tag(field, wireType).Raw(1, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        var e = AssertFault<Everything>(data, EverythingName, field);

        Assert.Contains("wire type", e.Reason);
    }

    [TestMethod]
    public void Wrong_wire_type_inside_a_timestamp_names_the_timestamp()
    {
        var data = new Wire().Message(TimestampField, new Wire().Tag(1, Fixed64).Raw(0, 0, 0, 0, 0, 0, 0, 0));

        AssertFault<Everything>(data, "google.protobuf.Timestamp", 1);
    }

    [TestMethod]
    public void Packed_run_for_a_repeated_int32_field_is_accepted()
    {
        var data = new Wire().Message(Int32sField, new Wire().Varint(1).Varint(2).Varint(150).Varint(ulong.MaxValue));

        var message = MessageCodec.Decode<Everything>(data.ToArray());

        CollectionAssert.AreEqual(new[] { 1, 2, 150, -1 }, message.Int32s);
    }

    [TestMethod]
    public void Unpacked_run_for_a_repeated_int32_field_is_accepted()
    {
        var data = new Wire()
            .Tag(Int32sField, Varint).Varint(1)
            .Tag(Int32sField, Varint).Varint(2)
            .Tag(Int32Field, Varint).Varint(7)
            .Tag(Int32sField, Varint).Varint(3);

        var message = MessageCodec.Decode<Everything>(data.ToArray());

        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, message.Int32s);
        Assert.AreEqual(7, message.Int32);
    }

    [TestMethod]
    public void Packed_and_unpacked_runs_of_one_field_concatenate()
    {
        var data = new Wire()
            .Tag(Fixed32sField, Fixed32).Fixed32(1)
            .Message(Fixed32sField, new Wire().Fixed32(2).Fixed32(3))
            .Tag(Fixed32sField, Fixed32).Fixed32(4);

        var message = MessageCodec.Decode<Everything>(data.ToArray());

        CollectionAssert.AreEqual(new uint[] { 1, 2, 3, 4 }, message.Fixed32s);
    }

    [TestMethod]
    public void Packed_fixed32_run_whose_length_is_not_a_multiple_of_4_fails()
    {
        var data = new Wire().Message(Fixed32sField, new Wire().Fixed32(1).Raw(2, 0));

        var e = AssertFault<Everything>(data, EverythingName, Fixed32sField);

        Assert.Contains("truncated", e.Reason);
    }

    [TestMethod]
    public void Packed_double_run_whose_length_is_not_a_multiple_of_8_fails()
    {
        var data = new Wire().Message(DoublesField, new Wire().Raw(0, 0, 0, 0, 0, 0, 0xF0, 0x3F).Raw(1, 2, 3, 4));

        AssertFault<Everything>(data, EverythingName, DoublesField);
    }

    [TestMethod]
    public void Packed_varint_run_cut_inside_a_varint_fails()
    {
        var data = new Wire().Message(Int32sField, new Wire().Varint(1).Raw(0x96));

        var e = AssertFault<Everything>(data, EverythingName, Int32sField);

        Assert.Contains("truncated", e.Reason);
    }

    // ---- Tags ----

    [TestMethod]
    public void Field_number_0_fails()
    {
        var e = AssertFault<Everything>(new Wire().Raw(0x00), EverythingName, 0);

        Assert.Contains("field number 0", e.Reason);
        AssertFault<Everything>(new Wire().Raw(0x02, 0x00), EverythingName, 0);
    }

    [TestMethod]
    public void Field_number_0_after_a_valid_field_is_not_blamed_on_that_field()
    {
        var data = new Wire().Tag(Int32Field, Varint).Varint(5).Raw(0x00);

        AssertFault<Everything>(data, EverythingName, 0);
    }

    [TestMethod]
    public void Field_number_0_inside_a_nested_message_names_the_nested_message()
    {
        var data = new Wire().Message(NestedField, new Wire().Tag(ValueField, Varint).Varint(1).Raw(0x00)); // tag byte 0x00: field 0

        AssertFault<Everything>(data, NestedName, 0);
    }

    [TestMethod]
    public void Tag_beyond_32_bits_fails()
    {
        var data = new Wire().Varint(1UL << 35);

        AssertFault<Everything>(data, EverythingName, 0);
    }

    [TestMethod]
    [DataRow(Int32Field, 6)]
    [DataRow(Int32Field, 7)]
    [DataRow(999, 6)]
    [DataRow(999, 7)]
    public void Wire_types_6_and_7_fail(int field, int wireType)
    {
        var data = new Wire().Tag(field, wireType).Raw(0, 0, 0, 0, 0, 0, 0, 0);

        var e = AssertFault<Everything>(data, EverythingName, field);

        Assert.Contains("wire type " + wireType, e.Reason);
    }

    [TestMethod]
    public void End_group_tag_with_no_start_fails()
    {
        var e = AssertFault<Everything>(new Wire().Tag(999, EndGroup), EverythingName, 999);

        Assert.Contains("end-group", e.Reason);
        AssertFault<Everything>(new Wire().Tag(5, EndGroup), NestedName, 5, maxDepth: 64, nested: true);
    }

    [TestMethod]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var data = new Wire()
            .Tag(900, Varint).Varint(ulong.MaxValue)
            .Tag(901, Fixed64).Fixed64(1)
            .Tag(902, LengthDelimited).Varint(3).Raw(1, 2, 3)
            .Tag(903, Fixed32).Fixed32(1)
            .Tag(Int32Field, Varint).Varint(7);

        Assert.AreEqual(7, MessageCodec.Decode<Everything>(data.ToArray()).Int32);
    }

    [TestMethod]
    public void Unknown_group_is_skipped()
    {
        var data = new Wire()
            .Tag(999, StartGroup)
            .Tag(1, Varint).Varint(150)
            .Tag(2, LengthDelimited).Varint(2).Raw(0x0C, 0x0C) // bytes that look like end-group tags are payload
            .Tag(3, StartGroup).Tag(1, Fixed32).Fixed32(9).Tag(3, EndGroup) // a group nested in the group
            .Tag(4, Fixed64).Fixed64(9)
            .Tag(999, EndGroup)
            .Tag(Int32Field, Varint).Varint(7);

        var message = MessageCodec.Decode<Everything>(data.ToArray());

        Assert.AreEqual(7, message.Int32);
    }

    [TestMethod]
    public void Unterminated_group_fails_naming_the_group()
    {
        var data = new Wire().Tag(999, StartGroup).Tag(1, Varint).Varint(150);

        var e = AssertFault<Everything>(data, EverythingName, 999);

        Assert.Contains("group", e.Reason);
    }

    [TestMethod]
    public void Group_cut_by_its_enclosing_message_length_fails()
    {
        var nested = new Wire().Tag(999, StartGroup).Tag(1, Varint).Varint(150);
        var data = new Wire().Message(NestedField, nested).Tag(999, EndGroup);

        AssertFault<Everything>(data, NestedName, 999);
    }

    [TestMethod]
    public void Group_closed_by_another_fields_end_group_fails()
    {
        var data = new Wire().Tag(999, StartGroup).Tag(1, Varint).Varint(1).Tag(998, EndGroup);

        var e = AssertFault<Everything>(data, EverythingName, 999);

        Assert.Contains("end-group", e.Reason);
    }

    [TestMethod]
    public void Groups_nested_deeper_than_the_limit_fail()
    {
        var data = new Wire();
        for (var i = 0; i < 10; i++)
        {
            data.Tag(999, StartGroup);
        }
        for (var i = 0; i < 10; i++)
        {
            data.Tag(999, EndGroup);
        }

        Assert.AreEqual(0, MessageCodec.Decode<Everything>(data.ToArray(), maxDepth: 10).Int32);
        var e = AssertFault<Everything>(data, EverythingName, 999, maxDepth: 9);
        Assert.Contains("9", e.Reason);
    }

    // ---- UTF-8 ----

    [TestMethod]
    [DataRow(new byte[] { 0xC0, 0xAF }, DisplayName = "overlong 2-byte '/'")]
    [DataRow(new byte[] { 0xE0, 0x80, 0xAF }, DisplayName = "overlong 3-byte '/'")]
    [DataRow(new byte[] { 0xF0, 0x80, 0x80, 0xAF }, DisplayName = "overlong 4-byte '/'")]
    [DataRow(new byte[] { 0x61, 0x80, 0x62 }, DisplayName = "lone continuation byte")]
    [DataRow(new byte[] { 0x61, 0xE2, 0x82 }, DisplayName = "truncated 3-byte sequence")]
    [DataRow(new byte[] { 0xF0, 0x9F, 0x8E, 0x61 }, DisplayName = "4-byte sequence cut by an ASCII byte")]
    [DataRow(new byte[] { 0xED, 0xA0, 0x80 }, DisplayName = "encoded high surrogate U+D800")]
    [DataRow(new byte[] { 0xED, 0xBF, 0xBF }, DisplayName = "encoded low surrogate U+DFFF")]
    [DataRow(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, DisplayName = "beyond U+10FFFF")]
    [DataRow(new byte[] { 0xFF }, DisplayName = "0xFF")]
    public void Invalid_utf8_in_a_string_fails(byte[] text)
    {
        var e = AssertFault<Everything>(new Wire().Tag(TextField, LengthDelimited).Varint((ulong)text.Length).Raw(text), EverythingName, TextField);
        Assert.Contains("UTF-8", e.Reason);

        // The same inside a nested message, a repeated string and a map key.
        AssertFault<Everything>(new Wire().Message(NestedField, new Wire().Tag(NameField, LengthDelimited).Varint((ulong)text.Length).Raw(text)), NestedName, NameField);
        AssertFault<Everything>(new Wire().Tag(TextsField, LengthDelimited).Varint((ulong)text.Length).Raw(text), EverythingName, TextsField);
        var mapEntry = Assert.ThrowsExactly<MessageDecodeException>(() => MessageCodec.Decode<Everything>(
            new Wire().Message(CountsField, new Wire().Tag(1, LengthDelimited).Varint((ulong)text.Length).Raw(text)).ToArray()));
        Assert.AreEqual(EverythingName + ".CountsEntry", mapEntry.MessageType); // protoc's name for the map entry
        Assert.AreEqual(1, mapEntry.FieldNumber);
    }

    [TestMethod]
    public void Valid_utf8_including_4_byte_sequences_decodes()
    {
        var text = "é日🎉\0";
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);

        var message = MessageCodec.Decode<Everything>(new Wire().Tag(TextField, LengthDelimited).Varint((ulong)bytes.Length).Raw(bytes).ToArray());

        Assert.AreEqual(text, message.Text);
    }

    // ---- Nesting depth ----

    [TestMethod]
    public void Nesting_deeper_than_the_default_limit_fails_naming_the_nested_message()
    {
        var data = Chain(70);

        var e = AssertFault<Nested>(data, NestedName, ChildField);

        Assert.Contains("64", e.Reason);
    }

    [TestMethod]
    public void Nesting_within_a_raised_limit_decodes()
    {
        var message = MessageCodec.Decode<Nested>(Chain(70).ToArray(), maxDepth: 100);

        var depth = 0;
        for (var current = message.Child; current is not null; current = current.Child)
        {
            depth++;
            Assert.AreEqual(depth, current.Value);
        }
        Assert.AreEqual(70, depth);
    }

    [TestMethod]
    public void Nesting_exactly_at_the_default_limit_decodes()
    {
        Assert.IsNotNull(MessageCodec.Decode<Nested>(Chain(64).ToArray()).Child);
        AssertFault<Nested>(Chain(65), NestedName, ChildField);
    }

    [TestMethod]
    public void A_small_custom_limit_is_honoured()
    {
        Assert.IsNotNull(MessageCodec.Decode<Nested>(Chain(3).ToArray(), maxDepth: 3).Child!.Child!.Child);

        var e = AssertFault<Nested>(Chain(4), NestedName, ChildField, maxDepth: 3);

        Assert.Contains("3", e.Reason);
    }

    [TestMethod]
    public void Depth_limit_counts_from_the_outer_message_through_a_segmented_sequence()
    {
        var data = new Wire().Message(NestedField, Chain(3)).ToArray();

        Assert.IsNotNull(MessageCodec.Decode<Everything>(Segments.Split(data, 3), maxDepth: 4).Nested);
        var e = Assert.ThrowsExactly<MessageDecodeException>(() => MessageCodec.Decode<Everything>(Segments.Split(data, 3), maxDepth: 3));
        Assert.AreEqual(NestedName, e.MessageType);
        Assert.AreEqual(ChildField, e.FieldNumber);
    }

    // ---- Well-known types ----

    [TestMethod]
    [DataRow(253_402_300_800L, 0, DisplayName = "seconds after 9999-12-31")]
    [DataRow(-62_135_596_801L, 0, DisplayName = "seconds before 0001-01-01")]
    [DataRow(0L, 1_000_000_000, DisplayName = "nanos of a whole second")]
    [DataRow(0L, -1, DisplayName = "negative nanos")]
    public void Timestamp_out_of_range_fails(long seconds, int nanos)
    {
        var body = new Wire().Tag(1, Varint).Varint((ulong)seconds).Tag(2, Varint).Varint((ulong)(long)nanos);

        var e = AssertFault<Everything>(new Wire().Message(TimestampField, body), EverythingName, TimestampField);
        Assert.Contains("timestamp", e.Reason);

        AssertFault<Everything>(new Wire().Message(NullableTimestampField, body), EverythingName, NullableTimestampField);
    }

    [TestMethod]
    public void Timestamp_at_the_edges_of_its_range_decodes()
    {
        var max = new Wire().Tag(1, Varint).Varint(253_402_300_799UL).Tag(2, Varint).Varint(999_999_999);
        var min = new Wire().Tag(1, Varint).Varint(unchecked((ulong)-62_135_596_800L));

        Assert.AreEqual(DateTime.MaxValue, MessageCodec.Decode<Everything>(new Wire().Message(TimestampField, max).ToArray()).Timestamp);
        Assert.AreEqual(DateTime.MinValue, MessageCodec.Decode<Everything>(new Wire().Message(TimestampField, min).ToArray()).Timestamp);
    }

    [TestMethod]
    [DataRow(315_576_000_001L, 0, DisplayName = "more than 10,000 years")]
    [DataRow(1L, -1, DisplayName = "signs disagree")]
    [DataRow(0L, 1_000_000_000, DisplayName = "nanos of a whole second")]
    public void Duration_out_of_range_fails(long seconds, int nanos)
    {
        var body = new Wire().Tag(1, Varint).Varint((ulong)seconds).Tag(2, Varint).Varint((ulong)(long)nanos);

        var e = AssertFault<Everything>(new Wire().Message(DurationField, body), EverythingName, DurationField);

        Assert.Contains("duration", e.Reason);
    }

    [TestMethod]
    [DataRow("not a guid", DisplayName = "words")]
    [DataRow("0f8fad5b-d9cb-469f-a165-70867728950", DisplayName = "one digit short")]
    [DataRow("0f8fad5b-d9cb-469f-a165-70867728950e0", DisplayName = "one digit long")]
    [DataRow("0f8fad5b-d9cb-469f-a165-70867728950z", DisplayName = "not hex")]
    [DataRow("0f8fad5bd9cb469fa16570867728950e", DisplayName = "no hyphens")]
    [DataRow("{0f8fad5b-d9cb-469f-a165-70867728950e}", DisplayName = "braces")]
    public void Guid_string_that_is_not_a_guid_fails(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);

        var e = AssertFault<Everything>(new Wire().Tag(GuidField, LengthDelimited).Varint((ulong)bytes.Length).Raw(bytes), EverythingName, GuidField);

        Assert.Contains("GUID", e.Reason);
    }

    [TestMethod]
    public void Guid_string_decodes()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var bytes = System.Text.Encoding.UTF8.GetBytes(guid.ToString("D"));

        Assert.AreEqual(guid, MessageCodec.Decode<Everything>(new Wire().Tag(GuidField, LengthDelimited).Varint((ulong)bytes.Length).Raw(bytes).ToArray()).Guid);
    }

    // ---- Embedded message lengths ----

    [TestMethod]
    public void Embedded_message_whose_length_cuts_a_varint_in_half_fails()
    {
        // Nested { value = 150 } is 10 96 01; a declared length of 2 leaves the varint's last byte outside.
        var data = new Wire().Tag(NestedField, LengthDelimited).Varint(2).Tag(ValueField, Varint).Varint(150);

        var e = AssertFault<Everything>(data, NestedName, ValueField);

        Assert.Contains("truncated", e.Reason);
    }

    [TestMethod]
    public void Embedded_message_whose_length_cuts_a_string_in_half_fails()
    {
        var data = new Wire().Tag(NestedField, LengthDelimited).Varint(4).Tag(NameField, LengthDelimited).Varint(5).Raw("abcde"u8.ToArray());

        AssertFault<Everything>(data, NestedName, NameField);
    }

    [TestMethod]
    public void Embedded_message_whose_length_cuts_a_fixed64_in_half_fails()
    {
        // The tag of field 901 takes 2 bytes, so a length of 5 leaves 3 of the fixed64's 8 bytes inside.
        var data = new Wire().Tag(NestedField, LengthDelimited).Varint(5).Tag(901, Fixed64).Fixed64(1);

        // Field 901 is unknown to Nested: skipping it must respect the nested message's length too.
        AssertFault<Everything>(data, NestedName, 901);
    }

    // ---- Robustness ----

    [TestMethod]
    public void Random_bytes_fail_only_with_MessageDecodeException()
    {
        var random = new Random(20240611);
        var data = new byte[1 << 20];
        random.NextBytes(data);

        DecodeExpectingOnlyDecodeFaults(data);
        for (var offset = 0; offset < data.Length;)
        {
            var length = Math.Min(random.Next(1, 600), data.Length - offset);
            DecodeExpectingOnlyDecodeFaults(data.AsSpan(offset, length));
            offset += length;
        }
    }

    [TestMethod]
    public void Mutated_valid_messages_fail_only_with_MessageDecodeException()
    {
        var random = new Random(7);
        var valid = MessageCodec.ToByteArray(Samples.Full());
        for (var i = 0; i < 3000; i++)
        {
            var mutated = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }
            var cut = random.Next(4) == 0 ? random.Next(mutated.Length) : mutated.Length;
            DecodeExpectingOnlyDecodeFaults(mutated.AsSpan(0, cut));
        }
    }

    private static void DecodeExpectingOnlyDecodeFaults(ReadOnlySpan<byte> data)
    {
        foreach (var decode in Decoders)
        {
            try
            {
                decode(data);
            }
            catch (MessageDecodeException e)
            {
                Assert.IsFalse(string.IsNullOrEmpty(e.MessageType));
                Assert.IsGreaterThanOrEqualTo(0, e.FieldNumber);
            }
            catch (Exception e)
            {
                Assert.Fail($"Decoding {data.Length} bytes ({Convert.ToHexString(data[..Math.Min(data.Length, 64)])}...) threw {e}");
            }
        }
    }

    private delegate void SpanDecoder(ReadOnlySpan<byte> data);

    private static readonly SpanDecoder[] Decoders =
    [
        data => MessageCodec.Decode<Everything>(data),
        data => MessageCodec.Decode<Nested>(data),
    ];

    // ---- Helpers ----

    /// <summary>A chain of <paramref name="depth"/> messages below a top-level Nested, each child's value its depth.</summary>
    private static Wire Chain(int depth)
    {
        var inner = new Wire().Tag(ValueField, Varint).Varint((ulong)depth);
        for (var level = depth - 1; level >= 0; level--)
        {
            var outer = new Wire();
            if (level > 0)
            {
                outer.Tag(ValueField, Varint).Varint((ulong)level);
            }
            inner = outer.Message(ChildField, inner);
        }
        return inner;
    }

    private static MessageDecodeException AssertFault<T>(Wire data, string messageType, int fieldNumber, int maxDepth = MessageCodec.DefaultMaxDepth, bool nested = false)
        where T : class
    {
        var bytes = nested ? new Wire().Message(NestedField, data).ToArray() : data.ToArray();
        var e = Assert.ThrowsExactly<MessageDecodeException>(() => MessageCodec.Decode<T>(bytes, maxDepth));
        Assert.AreEqual(messageType, e.MessageType, e.Message);
        Assert.AreEqual(fieldNumber, e.FieldNumber, e.Message);
        Assert.IsFalse(string.IsNullOrWhiteSpace(e.Reason));
        Assert.StartsWith($"Cannot decode {messageType}: ", e.Message);
        if (fieldNumber > 0)
        {
            Assert.Contains($"field {fieldNumber}: ", e.Message);
        }
        Assert.EndsWith(e.Reason, e.Message);
        return e;
    }

    /// <summary>Writes protobuf wire primitives, to build inputs by hand.</summary>
    private sealed class Wire
    {
        private readonly List<byte> _bytes = [];

        public Wire Tag(int field, int wireType) => Varint(((ulong)(uint)field << 3) | (uint)wireType);

        public Wire Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.Add((byte)(value | 0x80));
                value >>= 7;
            }
            _bytes.Add((byte)value);
            return this;
        }

        public Wire Fixed32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            return Raw(bytes.ToArray());
        }

        public Wire Fixed64(ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            return Raw(bytes.ToArray());
        }

        public Wire Raw(params byte[] bytes)
        {
            _bytes.AddRange(bytes);
            return this;
        }

        /// <summary>A length-delimited field holding <paramref name="body"/>: an embedded message or a packed run.</summary>
        public Wire Message(int field, Wire body)
        {
            var bytes = body.ToArray();
            return Tag(field, LengthDelimited).Varint((ulong)bytes.Length).Raw(bytes);
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
