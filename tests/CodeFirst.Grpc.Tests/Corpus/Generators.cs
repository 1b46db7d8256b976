using System.Collections;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Reflection;
using System.Runtime.Serialization;
using FsCheck;
using FsCheck.Fluent;

namespace CodeFirst.Grpc.Tests.Corpus;

/// <summary>
/// FsCheck generators for corpus messages, biased toward the values codecs get wrong: defaults, extremes,
/// varint boundaries, NaN and signed zeros, non-ASCII and huge strings, empty and large collections,
/// nulls at every level, and the edges of Timestamp's and Duration's ranges.
/// </summary>
/// <remarks>
/// Only values protobuf can represent are generated: no null elements in lists, no null map values,
/// unique map keys, well-formed UTF-16 strings, and DateTimes of kind UTC.
/// Large data (huge strings and byte arrays) comes from a <see cref="Random"/> seeded by a generated
/// number, so it is cheap to make and still reproducible from FsCheck's seed.
/// </remarks>
internal static class Generators
{
    private const int NestedDepth = 3;

    // ---- integers ----

    private static readonly int[] Int32Edges =
    [
        0, 1, -1, 2, -2, int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1,
        127, 128, -128, 255, 256, 300, -300, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456,
    ];

    private static readonly long[] Int64Edges =
    [
        long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, (long)int.MaxValue + 1, (long)int.MinValue - 1,
        uint.MaxValue, (long)uint.MaxValue + 1, 1L << 35, (1L << 35) - 1, 1L << 42, 1L << 49, 1L << 56, (1L << 56) - 1, 1L << 62, -(1L << 62),
    ];

    /// <summary>Any 32-bit pattern, uniformly.</summary>
    public static Gen<int> AnyInt32 { get; } = Gen.Choose(int.MinValue, int.MaxValue);

    /// <summary>Any 64-bit pattern, uniformly.</summary>
    public static Gen<long> AnyInt64 { get; } = Gen.Zip(AnyInt32, AnyInt32, (high, low) => ((long)high << 32) | (uint)low);

    public static Gen<int> Int32 { get; } = Gen.Frequency(
        (3, Gen.Elements(Int32Edges)),
        (3, Gen.Choose(-1_000, 1_000)),
        (4, AnyInt32));

    public static Gen<long> Int64 { get; } = Gen.Frequency(
        (2, Gen.Elements(Int64Edges)),
        (2, Int32.Select(v => (long)v)),
        (1, Gen.Choose(-1_000, 1_000).Select(v => (long)v)),
        (4, AnyInt64),
        // Values of every varint length.
        (2, Gen.Zip(Gen.Choose(0, 63), AnyInt64, (bits, v) => v >> bits)));

    public static Gen<uint> UInt32 { get; } = Gen.Frequency(
        (1, Gen.Elements(uint.MaxValue, uint.MaxValue - 1, 1u << 31, (1u << 31) - 1, 1u << 28)),
        (6, Int32.Select(v => unchecked((uint)v))));

    public static Gen<ulong> UInt64 { get; } = Gen.Frequency(
        (1, Gen.Elements(ulong.MaxValue, ulong.MaxValue - 1, 1UL << 63, (1UL << 63) - 1)),
        (6, Int64.Select(v => unchecked((ulong)v))));

    public static Gen<bool> Bool { get; } = Gen.Elements(false, true);

    public static Gen<byte> Byte { get; } = Gen.Choose(0, 255).Select(b => (byte)b);

    // ---- floating point ----

    private static readonly double[] DoubleEdges =
    [
        0.0, -0.0, double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon,
        double.MaxValue, double.MinValue, 1, -1, 0.1, 1e-300, 1e300, 9007199254740993, Math.PI,
        BitConverter.UInt64BitsToDouble(0x7FF0_0000_0000_0001), // signalling NaN
        BitConverter.UInt64BitsToDouble(0xFFF8_0000_0000_0001), // negative NaN with a payload
        BitConverter.UInt64BitsToDouble(0x000F_FFFF_FFFF_FFFF), // largest subnormal
    ];

    private static readonly float[] FloatEdges =
    [
        0f, -0f, float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon,
        float.MaxValue, float.MinValue, 1f, -1f, 0.1f, 16_777_217f,
        BitConverter.UInt32BitsToSingle(0x7F80_0001), // signalling NaN
        BitConverter.UInt32BitsToSingle(0xFFC0_0001), // negative NaN with a payload
    ];

    public static Gen<double> Double { get; } = Gen.Frequency(
        (3, Gen.Elements(DoubleEdges)),
        (3, ArbMap.Default.GeneratorFor<double>()),
        (2, AnyInt64.Select(BitConverter.Int64BitsToDouble)));

    public static Gen<float> Float { get; } = Gen.Frequency(
        (3, Gen.Elements(FloatEdges)),
        (3, ArbMap.Default.GeneratorFor<float>()),
        (2, AnyInt32.Select(BitConverter.Int32BitsToSingle)));

    // ---- strings ----

    private static readonly string[] Pieces =
    [
        "a", "Z", "0", " ", "hello", "\0", "\n", "\t", "\"", "\\", "\u007F", "\u0080", "\u00FF", "\u07FF", "\u0800",
        "é", "ü", "ñ", "ß", "ø", "—", "e\u0301", "\uFEFF", "\uFFFD", "\uFFFF",
        "日本語", "中文", "한국어", "Ελληνικά", "русский", "עברית", "العربية",
        "🎉", "😀", "👩‍👩‍👧", "𝄞", "\U00010000", "\U0010FFFF", "🇺🇳",
    ];

    /// <summary>One well-formed code point (or a short run of them).</summary>
    private static readonly Gen<string> Piece = Gen.Frequency(
        (6, Gen.Elements(Pieces)),
        (2, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
        (2, Gen.Choose(0, 0xFFFF - 0x800).Select(c => ((char)(c < 0xD800 ? c : c + 0x800)).ToString())), // any BMP char but a surrogate
        (1, Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)));

    /// <summary>A short string (0 to a few dozen code points), often empty.</summary>
    public static Gen<string> ShortText { get; } = Gen.Frequency(
        (2, Gen.Constant("")),
        (8, Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Piece, n)).Select(string.Concat)),
        (2, Gen.Choose(7, 40).SelectMany(n => Gen.ArrayOf(Piece, n)).Select(string.Concat)));

    /// <summary>A huge string: tens of thousands of chars, mixing ASCII, multi-byte and surrogate pairs.</summary>
    public static Gen<string> HugeText { get; } = Gen.Zip(AnyInt32, Gen.Choose(10_000, 70_000), (seed, length) =>
    {
        var random = new Random(seed);
        var asciiOnly = random.Next(4) == 0; // some all-ASCII, so the 1-byte-per-char fast paths get long input too
        var builder = new System.Text.StringBuilder(length + 16);
        while (builder.Length < length)
        {
            builder.Append(asciiOnly ? (char)random.Next(0x20, 0x7F) : Pieces[random.Next(Pieces.Length)]);
        }
        return builder.ToString();
    });

    /// <summary>A string field's value: null, empty, short, or (rarely) huge.</summary>
    public static Gen<string?> Text { get; } = Gen.Frequency(
        (2, Gen.Constant<string?>(null)),
        (10, ShortText.Select(s => (string?)s)),
        (1, HugeText.Select(s => (string?)s)));

    // ---- bytes ----

    private static Gen<byte[]> RandomBytes(int min, int max) =>
        Gen.Zip(AnyInt32, Gen.Choose(min, max), (seed, length) =>
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        });

    /// <summary>Byte arrays: empty, a few bytes, edge patterns, or (rarely) tens of KB.</summary>
    public static Gen<byte[]> Bytes { get; } = Gen.Frequency(
        (2, Gen.Fresh(() => Array.Empty<byte>())),
        (6, Gen.Choose(1, 20).SelectMany(n => Gen.ArrayOf(Byte, n))),
        (1, Gen.Elements<byte[]>([0], [0xFF], [0x80], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])),
        (2, RandomBytes(21, 500)),
        (1, RandomBytes(10_000, 100_000)));

    public static Gen<byte[]?> BytesOrNull { get; } = Gen.Frequency(
        (1, Gen.Constant<byte[]?>(null)),
        (5, Bytes.Select(b => (byte[]?)b)));

    /// <summary>ReadOnlyMemory: default, empty, a whole array, or a slice in the middle of a larger one.</summary>
    public static Gen<ReadOnlyMemory<byte>> Memory { get; } = Gen.Frequency(
        (2, Gen.Constant(default(ReadOnlyMemory<byte>))),
        (1, Gen.Fresh(() => new ReadOnlyMemory<byte>([]))),
        (4, Bytes.Select(b => new ReadOnlyMemory<byte>(b))),
        (3, Bytes.SelectMany(b => Gen.Choose(0, b.Length).SelectMany(start => Gen.Choose(start, b.Length).Select(end =>
            new ReadOnlyMemory<byte>(b, start, end - start))))));

    // ---- enums, GUIDs ----

    public static Gen<Color> AnyColor { get; } = Gen.Frequency(
        (5, Gen.Elements(Color.Unspecified, Color.Red, Color.Green, Color.Blue, Color.Infrared)),
        (1, Int32.Select(v => (Color)v))); // undefined values are legal in proto3 open enums

    public static Gen<Guid> AnyGuid { get; } = Gen.Frequency(
        (2, Gen.Elements(Guid.Empty, Guid.AllBitsSet, Guid.Parse("00000000-0000-0000-0000-000000000001"))),
        (5, Gen.ArrayOf(Byte, 16).Select(b => new Guid(b))));

    // ---- well-known types ----

    /// <summary>UTC DateTimes across Timestamp's whole range (0001-01-01 to 9999-12-31), at tick precision.</summary>
    public static Gen<DateTime> AnyDateTime { get; } = Gen.Frequency(
        (3, Gen.Elements(
            0, 1, DateTime.MaxValue.Ticks, DateTime.MaxValue.Ticks - 1,
            DateTime.UnixEpoch.Ticks, DateTime.UnixEpoch.Ticks + 1, DateTime.UnixEpoch.Ticks - 1,
            DateTime.UnixEpoch.Ticks - TimeSpan.TicksPerSecond, DateTime.UnixEpoch.Ticks + TimeSpan.TicksPerSecond,
            DateTime.UnixEpoch.Ticks - TimeSpan.TicksPerSecond - 1, TimeSpan.TicksPerSecond, TimeSpan.TicksPerSecond - 1,
            new DateTime(2038, 1, 19, 3, 14, 8).Ticks, new DateTime(2000, 2, 29).Ticks)),
        (5, AnyInt64.Select(v => (long)((ulong)v % (ulong)(DateTime.MaxValue.Ticks + 1)))),
        // Whole seconds (nanos omitted on the wire) and times near the epoch (small negative seconds).
        (2, AnyInt64.Select(v => (long)((ulong)v % (ulong)(DateTime.MaxValue.Ticks / TimeSpan.TicksPerSecond)) * TimeSpan.TicksPerSecond)),
        (2, AnyInt32.Select(v => DateTime.UnixEpoch.Ticks + v)))
        .Select(ticks => new DateTime(ticks, DateTimeKind.Utc));

    /// <summary>DateTimeOffsets at any instant of the range, with offsets of up to +-14 hours.</summary>
    public static Gen<DateTimeOffset> AnyDateTimeOffset { get; } = Gen.Frequency(
        (2, Gen.Elements(
            default(DateTimeOffset),
            DateTimeOffset.MinValue,
            DateTimeOffset.MaxValue,
            DateTimeOffset.UnixEpoch,
            new DateTimeOffset(TimeSpan.TicksPerHour, TimeSpan.FromHours(1)), // the default instant, with an offset: equals default
            new DateTimeOffset(DateTime.MaxValue.Ticks - TimeSpan.TicksPerHour, TimeSpan.FromHours(-1)))),
        (6, Gen.Zip(AnyDateTime, Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(-14 * 60, 14 * 60))), (utc, minutes) =>
        {
            var offset = TimeSpan.FromMinutes(minutes);
            var local = utc.Ticks + offset.Ticks;
            return local < 0 || local > DateTime.MaxValue.Ticks
                ? new DateTimeOffset(utc.Ticks, TimeSpan.Zero)
                : new DateTimeOffset(local, offset);
        })));

    /// <summary>The largest TimeSpan a google.protobuf.Duration holds: 315,576,000,000 s (10,000 years) and 999,999,999 ns.</summary>
    public const long DurationMaxTicks = 315_576_000_000 * TimeSpan.TicksPerSecond + 9_999_999;

    private static readonly long[] TimeSpanEdges =
    [
        0, 1, -1, TimeSpan.TicksPerSecond, -TimeSpan.TicksPerSecond, TimeSpan.TicksPerSecond - 1, -TimeSpan.TicksPerSecond + 1,
        TimeSpan.TicksPerSecond + 1, -TimeSpan.TicksPerSecond - 1, TimeSpan.TicksPerMillisecond, -15_000_001,
        DurationMaxTicks, -DurationMaxTicks, DurationMaxTicks - 9_999_999, -DurationMaxTicks + 9_999_999,
    ];

    /// <summary>TimeSpans of both signs and any tick count that a Duration can hold (+-10,000 years).</summary>
    public static Gen<TimeSpan> DurationTimeSpan { get; } = Gen.Frequency(
        (3, Gen.Elements(TimeSpanEdges)),
        (3, Int32.Select(v => (long)v)),
        (4, AnyInt64.Select(v => v % (DurationMaxTicks + 1))))
        .Select(TimeSpan.FromTicks);

    /// <summary>TimeSpans beyond a Duration's range, up to TimeSpan.MinValue and MaxValue.</summary>
    public static Gen<TimeSpan> BeyondDurationTimeSpan { get; } = Gen.Frequency(
        (1, Gen.Elements(long.MaxValue, long.MinValue, long.MinValue + 1, DurationMaxTicks + 1, -DurationMaxTicks - 1, DurationMaxTicks + TimeSpan.TicksPerSecond)),
        (3, AnyInt64.Where(v => v is > DurationMaxTicks or < -DurationMaxTicks)))
        .Select(TimeSpan.FromTicks);

    // ---- nullable values and collections ----

    /// <summary>A nullable scalar: null, set to its default (present on the wire), or any value.</summary>
    public static Gen<T?> NullableOf<T>(Gen<T> value)
        where T : struct =>
        Gen.Frequency(
            (2, Gen.Constant<T?>(null)),
            (1, Gen.Constant<T?>(default(T))),
            (3, value.Select(v => (T?)v)));

    /// <summary>Collection sizes: mostly small, sometimes dozens, rarely hundreds to thousands.</summary>
    private static Gen<int> Count(int large) => Gen.Frequency(
        (10, Gen.Choose(1, 5)),
        (3, Gen.Choose(6, 60)),
        (1, Gen.Choose(200, large)));

    private static Gen<T[]> ArrayOf<T>(Gen<T> element, int large = 3_000) =>
        Gen.Frequency(
            (1, Gen.Fresh(() => Array.Empty<T>())),
            (6, Count(large).SelectMany(n => Gen.ArrayOf(element, n))));

    /// <summary>A collection member's value: null, empty, or elements (never null ones), in one of the given containers.</summary>
    private static Gen<TCollection?> Collection<T, TCollection>(Gen<T> element, Func<T[], TCollection>[] containers, int large = 3_000)
        where TCollection : class =>
        Gen.Frequency(
            (1, Gen.Constant<TCollection?>(null)),
            (4, ArrayOf(element, large).SelectMany(a => Gen.Elements(containers).Select(make => (TCollection?)make(a)))));

    private static Gen<List<T>?> ListOrNull<T>(Gen<T> element, int large = 3_000) =>
        Collection<T, List<T>>(element, [a => [.. a]], large);

    /// <summary>A map's entries: unique keys, never a null value.</summary>
    private static Gen<KeyValuePair<TKey, TValue>[]> Entries<TKey, TValue>(Gen<TKey> key, Gen<TValue> value, int large = 1_000) =>
        ArrayOf(key, large).SelectMany(keys =>
        {
            var unique = keys.Distinct().ToArray();
            return Gen.ArrayOf(value, unique.Length).Select(values => unique.Zip(values, KeyValuePair.Create).ToArray());
        });

    private static Gen<TMap?> Map<TKey, TValue, TMap>(Gen<TKey> key, Gen<TValue> value, Func<KeyValuePair<TKey, TValue>[], TMap>[] containers, int large = 1_000)
        where TMap : class =>
        Gen.Frequency(
            (1, Gen.Constant<TMap?>(null)),
            (4, Entries(key, value, large).SelectMany(e => Gen.Elements(containers).Select(make => (TMap?)make(e)))));

    private static Gen<Dictionary<TKey, TValue>?> DictionaryOrNull<TKey, TValue>(Gen<TKey> key, Gen<TValue> value, int large = 1_000)
        where TKey : notnull =>
        Map<TKey, TValue, Dictionary<TKey, TValue>>(key, value, [e => new(e)], large);

    // ---- messages ----

    private static readonly Gen<Nested>[] NestedByDepth = BuildNested();

    private static Gen<Nested>[] BuildNested()
    {
        var byDepth = new Gen<Nested>[NestedDepth + 1];
        for (var depth = 0; depth <= NestedDepth; depth++)
        {
            var below = depth == 0 ? null : byDepth[depth - 1]; // a local: lambdas must not capture the loop variable
            var child = below is null
                ? Gen.Constant<Nested?>(null)
                : Gen.Frequency((2, Gen.Constant<Nested?>(null)), (1, below.Select(n => (Nested?)n)));
            var children = below is null
                ? Gen.Fresh(() => Array.Empty<Nested>())
                : Gen.Frequency((3, Gen.Fresh(() => Array.Empty<Nested>())), (2, Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(below, n))));
            var full =
                from name in ShortText
                from value in Int32
                from c in child
                from cs in children
                select Make(name, value, c, cs);
            byDepth[depth] = Gen.Frequency((1, Gen.Fresh(() => new Nested())), (5, full));
        }
        return byDepth;

        static Nested Make(string name, int value, Nested? child, Nested[] children)
        {
            var nested = new Nested { Name = name, Value = value, Child = child };
            nested.Children.AddRange(children); // get-only list
            return nested;
        }
    }

    /// <summary>A <see cref="Nested"/> tree at most <paramref name="depth"/> levels below the root (0 to 3).</summary>
    public static Gen<Nested> AnyNested(int depth = NestedDepth) => NestedByDepth[Math.Clamp(depth, 0, NestedDepth)];

    private static Gen<Action<Everything>> Set<T>(Gen<T> value, Action<Everything, T> set) =>
        value.Select(v => (Action<Everything>)(e => set(e, v)));

    private static readonly Gen<Action<Everything>>[] Setters =
    [
        Set(Double, (e, v) => e.Double = v),
        Set(Float, (e, v) => e.Float = v),
        Set(Int32, (e, v) => e.Int32 = v),
        Set(Int64, (e, v) => e.Int64 = v),
        Set(UInt32, (e, v) => e.UInt32 = v),
        Set(UInt64, (e, v) => e.UInt64 = v),
        Set(Int32, (e, v) => e.SInt32 = v),
        Set(Int64, (e, v) => e.SInt64 = v),
        Set(UInt32, (e, v) => e.Fixed32 = v),
        Set(UInt64, (e, v) => e.Fixed64 = v),
        Set(Int32, (e, v) => e.SFixed32 = v),
        Set(Int64, (e, v) => e.SFixed64 = v),
        Set(Bool, (e, v) => e.Bool = v),
        Set(Text, (e, v) => e.Text = v),
        Set(BytesOrNull, (e, v) => e.Bytes = v),
        Set(AnyColor, (e, v) => e.Color = v),
        Set(AnyNested().OrNull(), (e, v) => e.Nested = v),

        Set(NullableOf(Int32), (e, v) => e.OptionalInt32 = v),
        Set(NullableOf(Double), (e, v) => e.OptionalDouble = v),
        Set(NullableOf(Bool), (e, v) => e.OptionalBool = v),
        Set(NullableOf(AnyColor), (e, v) => e.OptionalColor = v),
        Set(NullableOf(Int64), (e, v) => e.OptionalSInt64 = v),

        Set(ListOrNull(Int32), (e, v) => e.Int32s = v),
        Set(Collection<double, double[]>(Double, [a => a]), (e, v) => e.Doubles = v),
        Set(ListOrNull(ShortText), (e, v) => e.Texts = v),
        Set(ListOrNull(AnyNested(2), large: 300), (e, v) => e.Children = v),
        // Interface-typed members get other containers too: the codec has array, List and IEnumerable paths.
        Set(Collection<Color, IList<Color>>(AnyColor, [a => a.ToList(), a => a, a => new ReadOnlyCollection<Color>(a), a => new Collection<Color>(a.ToList())]), (e, v) => e.Colors = v),
        Set(ListOrNull(Int64), (e, v) => e.SInt64s = v),
        Set(Collection<uint, uint[]>(UInt32, [a => a]), (e, v) => e.Fixed32s = v),
        Set(ListOrNull(Bytes, large: 300), (e, v) => e.Blobs = v),
        Set(Collection<bool, IReadOnlyList<bool>>(Bool, [a => a.ToList(), a => a, a => new ReadOnlyCollection<bool>(a), a => ImmutableArray.Create(a)]), (e, v) => e.Bools = v),
        Set(ListOrNull(UInt64), (e, v) => e.UInt64s = v),
        Set(ListOrNull(Float), (e, v) => e.Floats = v),

        Set(DictionaryOrNull(ShortText, Int32), (e, v) => e.Counts = v),
        Set(DictionaryOrNull(Int32, AnyNested(2), large: 300), (e, v) => e.NestedById = v),
        Set(Map<long, string, IDictionary<long, string>>(Int64, ShortText, [e => new Dictionary<long, string>(e), e => new SortedDictionary<long, string>(new Dictionary<long, string>(e)), e => new SortedList<long, string>(new Dictionary<long, string>(e))]), (e, v) => e.Names = v),
        Set(DictionaryOrNull(Bool, AnyColor), (e, v) => e.ColorByFlag = v),
        Set(DictionaryOrNull(Int32, UInt64), (e, v) => e.Hashes = v),
        Set(Map<string, byte[], IReadOnlyDictionary<string, byte[]>>(ShortText, Bytes, [e => new Dictionary<string, byte[]>(e), e => new ReadOnlyDictionary<string, byte[]>(new Dictionary<string, byte[]>(e)), e => new SortedDictionary<string, byte[]>(new Dictionary<string, byte[]>(e), StringComparer.Ordinal)], large: 300), (e, v) => e.Attachments = v),

        Set(AnyDateTime, (e, v) => e.Timestamp = v),
        Set(NullableOf(AnyDateTime), (e, v) => e.NullableTimestamp = v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : null), // default(DateTime) is Unspecified
        Set(AnyDateTimeOffset, (e, v) => e.Offset = v),
        Set(DurationTimeSpan, (e, v) => e.Duration = v),
        Set(NullableOf(DurationTimeSpan), (e, v) => e.NullableDuration = v),
        Set(AnyGuid, (e, v) => e.Guid = v),
        Set(Memory, (e, v) => e.Memory = v),
        Set(ListOrNull(AnyDateTime), (e, v) => e.Timestamps = v),
        Set(DictionaryOrNull(ShortText, DurationTimeSpan), (e, v) => e.Durations = v),
        Set(ListOrNull(AnyGuid), (e, v) => e.Guids = v),

        Set(Text, (e, v) => e.Far = v),
    ];

    private static readonly Action<Everything> Unset = _ => { };

    /// <summary>Messages where each field is set with probability <paramref name="set"/> in <paramref name="outOf"/>.</summary>
    private static Gen<Everything> Messages(int set, int outOf) =>
        Gen.CollectToArray(Setters.Select(setter => Gen.Frequency((outOf - set, Gen.Constant(Unset)), (set, setter))))
            .Select(actions =>
            {
                var message = new Everything();
                foreach (var action in actions)
                {
                    action(message);
                }
                return message;
            });

    /// <summary>Corpus messages: empty ones, sparse ones (a few fields set) and dense ones (almost every field set).</summary>
    public static Gen<Everything> AnyEverything { get; } = Gen.Frequency(
        (1, Gen.Fresh(() => new Everything())),
        (4, Messages(1, 6)),
        (5, Messages(9, 10)));

    /// <summary>Corpus messages with a shrinker, so a failure is reported for a small message.</summary>
    public static Arbitrary<Everything> EverythingArbitrary { get; } = Arb.From(AnyEverything, Shrink);

    private static readonly PropertyInfo[] Members = typeof(Everything).GetProperties()
        .Where(p => p.CanWrite && p.GetCustomAttribute<DataMemberAttribute>() is not null)
        .ToArray();

    /// <summary>
    /// Smaller variants of a message: each set member reset to its default, then each collection,
    /// string or byte array cut to its first or second half. Copies are shallow; nothing is mutated.
    /// </summary>
    public static IEnumerable<Everything> Shrink(Everything message)
    {
        foreach (var member in Members)
        {
            var value = member.GetValue(message);
            var empty = member.PropertyType.IsValueType ? Activator.CreateInstance(member.PropertyType) : null;
            if (!Equals(value, empty))
            {
                yield return With(message, member, empty);
            }
        }
        foreach (var member in Members)
        {
            foreach (var half in Halves(member.GetValue(message)))
            {
                yield return With(message, member, half);
            }
        }
    }

    private static Everything With(Everything message, PropertyInfo changed, object? value)
    {
        var copy = new Everything();
        foreach (var member in Members)
        {
            member.SetValue(copy, member == changed ? value : member.GetValue(message));
        }
        return copy;
    }

    private static IEnumerable<object> Halves(object? value)
    {
        switch (value)
        {
            case string { Length: > 1 } text:
                var middle = char.IsLowSurrogate(text[text.Length / 2]) ? text.Length / 2 + 1 : text.Length / 2; // keep pairs whole
                yield return text[..middle];
                yield return text[middle..];
                break;
            case Array { Length: > 1 } array:
                yield return Slice(array, 0, array.Length / 2);
                yield return Slice(array, array.Length / 2, array.Length - array.Length / 2);
                break;
            case IList { Count: > 1 } list when value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(List<>):
                yield return SliceList(list, 0, list.Count / 2);
                yield return SliceList(list, list.Count / 2, list.Count - list.Count / 2);
                break;
            case IDictionary { Count: > 1 } map when value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(Dictionary<,>):
                var entries = new List<DictionaryEntry>();
                foreach (DictionaryEntry entry in map)
                {
                    entries.Add(entry);
                }
                yield return SliceMap(map, entries[..(entries.Count / 2)]);
                yield return SliceMap(map, entries[(entries.Count / 2)..]);
                break;
        }

        static Array Slice(Array array, int start, int length)
        {
            var slice = Array.CreateInstance(array.GetType().GetElementType()!, length);
            Array.Copy(array, start, slice, 0, length);
            return slice;
        }

        static IList SliceList(IList list, int start, int length)
        {
            var slice = (IList)Activator.CreateInstance(list.GetType())!;
            for (var i = start; i < start + length; i++)
            {
                slice.Add(list[i]);
            }
            return slice;
        }

        static IDictionary SliceMap(IDictionary map, List<DictionaryEntry> entries)
        {
            var slice = (IDictionary)Activator.CreateInstance(map.GetType())!;
            foreach (var entry in entries)
            {
                slice.Add(entry.Key, entry.Value);
            }
            return slice;
        }
    }
}
