using System.Text;
using CodeFirst.Grpc.Tests.Corpus;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Ref = Corpus.V1;

namespace CodeFirst.Grpc.Tests;

/// <summary>
/// Property tests against protoc-generated C# (Google.Protobuf) as the oracle: for generated corpus
/// messages (<see cref="Generators"/>), our codec and Google's agree on bytes, sizes and values, on
/// every buffer shape; and arbitrary bytes never crash the decoder.
/// </summary>
/// <remarks>
/// A failure reports FsCheck's seed (to replay it), the shrunk message's fields and the hex of both encodings.
/// </remarks>
[TestClass]
public sealed class CorpusPropertyTests
{
    private const int Cases = 300;
    private const int GarbageCases = 2_000;
    private const int HexLimit = 2_048;
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true);

    [TestMethod]
    public void Our_bytes_equal_generated_codes_bytes() => Check(message =>
    {
        var expected = Reference.From(message).ToByteArray();
        var actual = MessageCodec.ToByteArray(message);

        AssertSameBytes(expected, actual, message);
    });

    [TestMethod]
    public void Generated_codes_bytes_decode_to_an_equal_message() => Check(message =>
    {
        var twin = Reference.From(message);
        var bytes = twin.ToByteArray();

        var decoded = Attempt(() => MessageCodec.Decode<Everything>(bytes), bytes, "decoding generated code's bytes");

        AssertEqualTwins(twin, Reference.From(decoded), bytes);
    });

    [TestMethod]
    public void Our_bytes_parse_in_generated_code_to_an_equal_message() => Check(message =>
    {
        var bytes = MessageCodec.ToByteArray(message);

        var parsed = Attempt(() => Ref.Everything.Parser.ParseFrom(bytes), bytes, "parsing our bytes in generated code");

        AssertEqualTwins(Reference.From(message), parsed, bytes);
    });

    [TestMethod]
    public void Calculated_size_equals_the_byte_count_and_generated_codes_size() => Check(message =>
    {
        var size = MessageCodec.CalculateSize(message);
        var bytes = MessageCodec.ToByteArray(message);

        var generated = Reference.From(message).CalculateSize();

        if (size != bytes.Length || size != generated)
        {
            Assert.Fail($"CalculateSize {size}, bytes written {bytes.Length}, generated code's CalculateSize {generated}\nmessage {Truncate(Describe(Reference.From(message)))}");
        }
    });

    [TestMethod]
    public void Segmented_writing_and_reading_agree_with_the_array_path()
    {
        var cases =
            from message in Generators.AnyEverything
            from writeSegment in Gen.Frequency((3, Gen.Choose(1, 16)), (1, Gen.Choose(17, 4_096)))
            from readSegment in Gen.Frequency((3, Gen.Choose(1, 16)), (1, Gen.Choose(17, 4_096)))
            select (Message: message, WriteSegment: writeSegment, ReadSegment: readSegment);
        var arbitrary = Arb.From(cases, c => Generators.Shrink(c.Message).Select(m => c with { Message = m }));

        FsCheck.Check.One(Config, Prop.ForAll(arbitrary, c =>
        {
            var expected = MessageCodec.ToByteArray(c.Message);
            var writer = new TinySegmentWriter(c.WriteSegment);

            MessageCodec.Encode(c.Message, writer);
            AssertSameBytes(expected, writer.ToArray(), c.Message, $"encoded through {c.WriteSegment}-byte segments");

            var fromSequence = Attempt(() => MessageCodec.Decode<Everything>(Segments.Split(expected, c.ReadSegment)), expected, $"decoding from {c.ReadSegment}-byte segments");
            var fromArray = Attempt(() => MessageCodec.Decode<Everything>(expected), expected, "decoding from an array");
            AssertEqualTwins(Reference.From(fromArray), Reference.From(fromSequence), expected, $"decoded from {c.ReadSegment}-byte segments");
            AssertEqualTwins(Reference.From(c.Message), Reference.From(fromSequence), expected, $"decoded from {c.ReadSegment}-byte segments");
        }));
    }

    [TestMethod]
    public void Decoding_garbage_succeeds_or_throws_MessageDecodeException_promptly()
    {
        var arbitrary = Arb.From(Garbage(), ShrinkBytes);

        FsCheck.Check.One(Config.WithMaxTest(GarbageCases), Prop.ForAll(arbitrary, bytes =>
        {
            AssertDecodesOrRejects<Everything>(bytes);
            AssertDecodesOrRejects<Nested>(bytes);
        }));
    }

    [TestMethod]
    public void Durations_beyond_ten_thousand_years_encode_like_generated_code_and_are_rejected_on_decode_like_its_ToTimeSpan() =>
        FsCheck.Check.One(Config, Prop.ForAll(Arb.From(Generators.BeyondDurationTimeSpan), span =>
        {
            // google.protobuf.Duration holds +-10,000 years; TimeSpan reaches +-29,227. Neither encoder checks the range;
            // Google's Duration.ToTimeSpan and our decoder both refuse such a value.
            var message = new Everything { Duration = span, NullableDuration = span, Durations = new() { ["k"] = span } };
            var twin = Reference.From(message);
            var bytes = MessageCodec.ToByteArray(message);

            AssertSameBytes(twin.ToByteArray(), bytes, message);
            Assert.ThrowsExactly<InvalidOperationException>(() => twin.Duration.ToTimeSpan());
            Assert.ThrowsExactly<MessageDecodeException>(() => MessageCodec.Decode<Everything>(bytes));
        }));

    [TestMethod]
    public void Strings_with_lone_surrogates_encode_like_generated_code_with_U_FFFD()
    {
        // Not valid UTF-16, so not in the corpus generator; both encoders replace each lone surrogate with U+FFFD.
        var broken =
            from prefix in Gen.Frequency((6, Generators.ShortText), (1, Generators.HugeText))
            from lone in Gen.Elements("\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDC00\uD800", "\uD83D", "\uDE00\uDE00")
            from suffix in Generators.ShortText
            select prefix + lone + suffix;
        var cases =
            from text in broken
            from element in broken
            from key in broken
            from segment in Gen.Choose(1, 16)
            select (Message: new Everything { Text = text, Texts = [element, "ok"], Counts = new() { [key] = 1 }, Far = text }, Segment: segment);

        FsCheck.Check.One(Config, Prop.ForAll(Arb.From(cases), c =>
        {
            var twin = Reference.From(c.Message);
            var expected = twin.ToByteArray();
            var writer = new TinySegmentWriter(c.Segment);
            MessageCodec.Encode(c.Message, writer);

            AssertSameBytes(expected, MessageCodec.ToByteArray(c.Message), c.Message);
            AssertSameBytes(expected, writer.ToArray(), c.Message, $"encoded through {c.Segment}-byte segments");
            Assert.AreEqual(expected.Length, MessageCodec.CalculateSize(c.Message), "CalculateSize");
            AssertEqualTwins(Ref.Everything.Parser.ParseFrom(expected), Reference.From(MessageCodec.Decode<Everything>(expected)), expected);
        }));
    }

    // ---- the property runner and assertions ----

    private static void Check(Action<Everything> property) =>
        FsCheck.Check.One(Config, Prop.ForAll(Generators.EverythingArbitrary, property));

    private static void AssertSameBytes(byte[] expected, byte[] actual, Everything message, string what = "our bytes vs generated code's")
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }
        var first = 0;
        while (first < expected.Length && first < actual.Length && expected[first] == actual[first])
        {
            first++;
        }
        Assert.Fail($"""
            {what}: bytes differ at offset {first} (expected {expected.Length} bytes, actual {actual.Length})
            expected {Hex(expected, first)}
            actual   {Hex(actual, first)}
            message  {Truncate(Describe(Reference.From(message)))}
            """);
    }

    /// <summary>Runs <paramref name="action"/>; if it throws, fails with the bytes it was given.</summary>
    private static T Attempt<T>(Func<T> action, byte[] bytes, string what)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not AssertFailedException)
        {
            Assert.Fail($"{what} threw {e.GetType().Name}: {e.Message}\nbytes ({bytes.Length}) {Hex(bytes, 0)}\n{e}");
            throw; // unreachable
        }
    }

    /// <summary>Google's generated Equals compares values (NaN bitwise); on a mismatch, names the fields that differ.</summary>
    private static void AssertEqualTwins(Ref.Everything expected, Ref.Everything actual, byte[] bytes, string what = "decoded message")
    {
        expected = AsOnTheWire(expected);
        actual = AsOnTheWire(actual);
        if (expected.Equals(actual))
        {
            return;
        }
        var report = new StringBuilder($"{what} differs from the original in:");
        foreach (var field in Ref.Everything.Descriptor.Fields.InFieldNumberOrder())
        {
            var want = field.Accessor.GetValue(expected);
            var got = field.Accessor.GetValue(actual);
            var presenceDiffers = field.HasPresence && field.Accessor.HasValue(expected) != field.Accessor.HasValue(actual);
            if (presenceDiffers || !Equals(want, got) || Describe(want) != Describe(got))
            {
                report.Append($"\n  {field.Name} = {field.FieldNumber}:\n    expected {Truncate(Describe(want))}\n    actual   {Truncate(Describe(got))}");
            }
        }
        report.Append($"\nbytes ({bytes.Length}) {Hex(bytes, 0)}");
        Assert.Fail(report.ToString());
    }

    /// <summary>
    /// The twin as the wire carries it: Google's C# omits a singular (implicit presence) double or float
    /// that equals 0, so -0.0 arrives as +0.0, and its Equals compares doubles bitwise.
    /// </summary>
    private static Ref.Everything AsOnTheWire(Ref.Everything twin)
    {
        if (!(twin.Double == 0 && double.IsNegative(twin.Double)) && !(twin.Float == 0 && float.IsNegative(twin.Float)))
        {
            return twin;
        }
        var copy = twin.Clone();
        copy.Double = twin.Double == 0 ? 0 : twin.Double;
        copy.Float = twin.Float == 0 ? 0 : twin.Float;
        return copy;
    }

    private static void AssertDecodesOrRejects<T>(byte[] bytes)
        where T : class
    {
        var decode = Task.Run(() =>
        {
            try
            {
                MessageCodec.Decode<T>(bytes);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        if (!decode.Wait(Prompt))
        {
            Assert.Fail($"Decode<{typeof(T).Name}> did not return within {Prompt.TotalSeconds} s\ninput ({bytes.Length}) {Hex(bytes, 0)}");
        }
        if (decode.Result is { } error and not MessageDecodeException)
        {
            Assert.Fail($"Decode<{typeof(T).Name}> threw {error.GetType().FullName} instead of MessageDecodeException\ninput ({bytes.Length}) {Hex(bytes, 0)}\n{error}");
        }
    }

    // ---- garbage ----

    /// <summary>
    /// Bytes that are mostly not valid messages: random bytes, long runs of one byte (varint continuation,
    /// nested length prefixes, group starts), valid encodings with bytes flipped, inserted or cut off,
    /// and nesting chains around the depth limit.
    /// </summary>
    private static Gen<byte[]> Garbage()
    {
        var random = ArbMap.Default.GeneratorFor<byte[]>();
        var runByte = Gen.Frequency(
            (3, Gen.Elements<byte>(0x00, 0x01, 0x08, 0x0A, 0x0B, 0x12, 0x1A, 0x22, 0x7F, 0x80, 0xFF, 0x8A, 0x8B, 0xFA)),
            (1, Generators.Byte));
        var run =
            from b in runByte
            from length in Gen.Frequency((4, Gen.Choose(1, 64)), (2, Gen.Choose(65, 4_096)), (1, Gen.Choose(4_097, 200_000)))
            select Enumerable.Repeat(b, length).ToArray();
        var runs = Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.Frequency((2, run), (1, random)), n)).Select(parts => parts.SelectMany(p => p).ToArray());
        var valid = Generators.AnyEverything.Select(MessageCodec.ToByteArray);
        var mutated =
            from bytes in valid.Where(b => b.Length > 0)
            from mutations in Gen.Choose(1, 4)
            from edits in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 4), Gen.Choose(0, int.MaxValue)), mutations)
            from noise in Gen.ArrayOf(Generators.Byte, 8)
            select Mutate(bytes, edits, noise);
        var nesting =
            from depth in Gen.Choose(1, 150)
            from asEverything in Generators.Bool
            from leaf in random
            select Nesting(depth, asEverything, leaf);
        return Gen.Frequency((3, random), (2, runs), (4, mutated), (1, nesting), (1, valid));
    }

    private static byte[] Mutate(byte[] bytes, (int Kind, int Where)[] edits, byte[] noise)
    {
        var result = bytes.ToList();
        foreach (var (kind, where) in edits)
        {
            if (result.Count == 0)
            {
                break;
            }
            var at = where % result.Count;
            switch (kind)
            {
                case 0: result[at] ^= (byte)(1 << (where % 8)); break; // flip a bit
                case 1: result[at] = noise[where % noise.Length]; break; // replace a byte
                case 2: result.RemoveRange(at, result.Count - at); break; // truncate
                case 3: result.InsertRange(at, noise.Take(1 + where % noise.Length)); break; // insert bytes
                default: result.RemoveRange(at, Math.Min(1 + where % 16, result.Count - at)); break; // cut a slice
            }
        }
        return [.. result];
    }

    /// <summary><c>depth</c> messages nested in field 3 of Nested (under field 17 of Everything), around the leaf bytes.</summary>
    private static byte[] Nesting(int depth, bool asEverything, byte[] leaf)
    {
        var bytes = leaf;
        for (var i = 0; i < depth; i++)
        {
            bytes = [.. Prefix(i == depth - 1 && asEverything ? [0x8A, 0x01] : [0x1A], bytes.Length), .. bytes];
        }
        return bytes;

        static byte[] Prefix(byte[] tag, int length)
        {
            var prefix = new List<byte>(tag);
            var value = (uint)length;
            while (value >= 0x80)
            {
                prefix.Add((byte)(value | 0x80));
                value >>= 7;
            }
            prefix.Add((byte)value);
            return [.. prefix];
        }
    }

    private static IEnumerable<byte[]> ShrinkBytes(byte[] bytes)
    {
        if (bytes.Length <= 1)
        {
            yield break;
        }
        yield return bytes[..(bytes.Length / 2)];
        yield return bytes[(bytes.Length / 2)..];
        var chunk = Math.Max(1, bytes.Length / 8);
        for (var start = 0; start < bytes.Length; start += chunk)
        {
            yield return [.. bytes[..start], .. bytes[Math.Min(bytes.Length, start + chunk)..]];
        }
    }

    // ---- failure messages ----

    /// <summary>Hex of the bytes; past <see cref="HexLimit"/> bytes, a window around <paramref name="focus"/>.</summary>
    private static string Hex(byte[] bytes, int focus)
    {
        if (bytes.Length <= HexLimit)
        {
            return Convert.ToHexString(bytes);
        }
        var start = Math.Max(0, Math.Min(focus, bytes.Length) - 64);
        var end = Math.Min(bytes.Length, start + 256);
        return $"[{bytes.Length} bytes, showing {start}..{end}] ...{Convert.ToHexString(bytes, start, end - start)}...";
    }

    private static string Describe(object? value)
    {
        try
        {
            return value switch
            {
                null => "null",
                IMessage message => JsonFormatter.ToDiagnosticString(message),
                _ => value.ToString() ?? "",
            };
        }
        catch (Exception e)
        {
            return $"<{value?.GetType().Name}: {e.Message}>";
        }
    }

    private static string Truncate(string text) => text.Length <= 4 * HexLimit ? text : $"{text[..(4 * HexLimit)]}... ({text.Length} chars)";
}
