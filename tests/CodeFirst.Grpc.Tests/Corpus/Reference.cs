using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Ref = Corpus.V1;

namespace CodeFirst.Grpc.Tests.Corpus;

/// <summary>
/// Builds the protoc-generated (Google.Protobuf) twin of a corpus message, field by field, without
/// going through our codec, so byte comparisons and Google's value equality judge the codec independently.
/// </summary>
internal static class Reference
{
    public static Ref.Everything From(Everything e)
    {
        var r = new Ref.Everything
        {
            Double = e.Double,
            Float = e.Float,
            Int32 = e.Int32,
            Int64 = e.Int64,
            Uint32 = e.UInt32,
            Uint64 = e.UInt64,
            Sint32 = e.SInt32,
            Sint64 = e.SInt64,
            Fixed32 = e.Fixed32,
            Fixed64 = e.Fixed64,
            Sfixed32 = e.SFixed32,
            Sfixed64 = e.SFixed64,
            Bool = e.Bool,
            Text = e.Text ?? "",
            Bytes = ByteString.CopyFrom(e.Bytes ?? []),
            Color = (Ref.Color)e.Color,
            Nested = e.Nested is null ? null : From(e.Nested),
            Guid = e.Guid == System.Guid.Empty ? "" : e.Guid.ToString("D"),
            Memory = ByteString.CopyFrom(e.Memory.Span),
            Far = e.Far ?? "",
        };
        if (e.OptionalInt32 is { } optionalInt32) r.OptionalInt32 = optionalInt32;
        if (e.OptionalDouble is { } optionalDouble) r.OptionalDouble = optionalDouble;
        if (e.OptionalBool is { } optionalBool) r.OptionalBool = optionalBool;
        if (e.OptionalColor is { } optionalColor) r.OptionalColor = (Ref.Color)optionalColor;
        if (e.OptionalSInt64 is { } optionalSInt64) r.OptionalSint64 = optionalSInt64;

        r.Int32S.Add(e.Int32s ?? []);
        r.Doubles.Add(e.Doubles ?? []);
        r.Texts.Add(e.Texts ?? []);
        r.Children.Add((e.Children ?? []).Select(From));
        r.Colors.Add((e.Colors ?? []).Select(c => (Ref.Color)c));
        r.Sint64S.Add(e.SInt64s ?? []);
        r.Fixed32S.Add(e.Fixed32s ?? []);
        r.Blobs.Add((e.Blobs ?? []).Select(ByteString.CopyFrom));
        r.Bools.Add(e.Bools ?? []);
        r.Uint64S.Add(e.UInt64s ?? []);
        r.Floats.Add(e.Floats ?? []);

        foreach (var (k, v) in e.Counts ?? []) r.Counts.Add(k, v);
        foreach (var (k, v) in e.NestedById ?? []) r.NestedById.Add(k, From(v));
        foreach (var (k, v) in e.Names ?? new Dictionary<long, string>()) r.Names.Add(k, v);
        foreach (var (k, v) in e.ColorByFlag ?? []) r.ColorByFlag.Add(k, (Ref.Color)v);
        foreach (var (k, v) in e.Hashes ?? []) r.Hashes.Add(k, v);
        foreach (var (k, v) in e.Attachments ?? new Dictionary<string, byte[]>()) r.Attachments.Add(k, ByteString.CopyFrom(v));

        r.Timestamp = e.Timestamp == default ? null : Timestamp(e.Timestamp);
        r.NullableTimestamp = e.NullableTimestamp is { } nullableTimestamp ? Timestamp(nullableTimestamp) : null;
        r.Offset = e.Offset == default ? null : global::Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(e.Offset);
        r.Duration = e.Duration == default ? null : global::Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(e.Duration);
        r.NullableDuration = e.NullableDuration is { } nullableDuration ? global::Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(nullableDuration) : null;
        r.Timestamps.Add((e.Timestamps ?? []).Select(Timestamp));
        foreach (var (k, v) in e.Durations ?? []) r.Durations.Add(k, global::Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(v));
        r.Guids.Add((e.Guids ?? []).Select(g => g.ToString("D")));
        return r;
    }

    public static Ref.Nested From(Nested n)
    {
        var r = new Ref.Nested { Name = n.Name, Value = n.Value, Child = n.Child is null ? null : From(n.Child) };
        r.Children.Add(n.Children.Select(From));
        return r;
    }

    /// <summary>Our codec takes an unspecified-kind DateTime as UTC; Google's wants the kind set.</summary>
    private static Timestamp Timestamp(DateTime value) =>
        global::Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(value.Kind == DateTimeKind.Utc ? value : value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
