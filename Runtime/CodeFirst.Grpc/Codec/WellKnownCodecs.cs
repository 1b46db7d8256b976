using System.Buffers.Text;
using Google.Protobuf;
using static Google.Protobuf.WireFormat;

namespace CodeFirst.Grpc.Codec;

// .NET types mapped to well-known protobuf types: DateTime/DateTimeOffset as google.protobuf.Timestamp,
// TimeSpan as google.protobuf.Duration (both {int64 seconds = 1; int32 nanos = 2}), Guid as a string.
// A non-nullable member equal to default(T) is omitted, like any proto3 default; a nullable one is
// omitted only when null.

/// <summary>The body shared by Timestamp and Duration: <c>int64 seconds = 1; int32 nanos = 2;</c>.</summary>
internal static class SecondsNanos
{
    private const uint SecondsTag = 1 << 3;
    private const uint NanosTag = 2 << 3;

    public static int Size(long seconds, int nanos)
    {
        var body = Body(seconds, nanos);
        return CodedOutputStream.ComputeLengthSize(body) + body;
    }

    public static void Write(ref ProtoWriter writer, long seconds, int nanos)
    {
        writer.WriteLength(Body(seconds, nanos));
        if (seconds != 0)
        {
            writer.WriteTag(SecondsTag);
            writer.WriteVarint64((ulong)seconds);
        }
        if (nanos != 0)
        {
            writer.WriteTag(NanosTag);
            writer.WriteVarint64((ulong)(long)nanos);
        }
    }

    public static (long Seconds, int Nanos) Read(ref ProtoReader reader, string messageName)
    {
        long seconds = 0;
        var nanos = 0;
        var frame = reader.EnterMessage(messageName, reader.ReadLength());
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            switch (tag >> 3)
            {
                case 1:
                    RequireVarint(ref reader);
                    seconds = (long)reader.ReadVarint64();
                    break;
                case 2:
                    RequireVarint(ref reader);
                    nanos = (int)reader.ReadVarint64();
                    break;
                default:
                    reader.SkipField();
                    break;
            }
        }
        reader.ExitMessage(frame);
        return (seconds, nanos);
    }

    private static void RequireVarint(ref ProtoReader reader)
    {
        if (reader.WireType != WireType.Varint)
        {
            reader.ThrowWrongWireType(WireType.Varint);
        }
    }

    private static int Body(long seconds, int nanos) =>
        (seconds != 0 ? 1 + CodedOutputStream.ComputeInt64Size(seconds) : 0)
        + (nanos != 0 ? 1 + CodedOutputStream.ComputeInt32Size(nanos) : 0);
}

internal struct TimestampCodec : IProtoCodec<DateTime>
{
    // google.protobuf.Timestamp's valid range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    public static WireType WireType => WireType.LengthDelimited;

    public static bool IsDefault(DateTime value) => value.Ticks == 0;

    public static int Size(DateTime value)
    {
        var (seconds, nanos) = FromUtcTicks(UtcTicks(value));
        return SecondsNanos.Size(seconds, nanos);
    }

    public static void Write(ref ProtoWriter writer, DateTime value)
    {
        var (seconds, nanos) = FromUtcTicks(UtcTicks(value));
        SecondsNanos.Write(ref writer, seconds, nanos);
    }

    public static DateTime Read(ref ProtoReader reader) => new(ReadUtcTicks(ref reader), DateTimeKind.Utc);

    public static bool AlwaysInMapEntry => true;

    /// <summary>A map entry without its value means an empty Timestamp: the Unix epoch, as in Google.Protobuf.</summary>
    public static DateTime Empty() => DateTime.UnixEpoch;

    // Unspecified is taken as UTC, as a server's clock values usually are; Local is converted.
    private static long UtcTicks(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks;

    internal static (long Seconds, int Nanos) FromUtcTicks(long utcTicks)
    {
        var seconds = Math.DivRem(utcTicks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return (seconds, (int)(remainder * TimeSpan.NanosecondsPerTick));
    }

    internal static long ReadUtcTicks(ref ProtoReader reader)
    {
        var (seconds, nanos) = SecondsNanos.Read(ref reader, "google.protobuf.Timestamp");
        if (seconds is < MinSeconds or > MaxSeconds || nanos is < 0 or > 999_999_999)
        {
            throw reader.Fault($"timestamp out of range (seconds {seconds}, nanos {nanos})");
        }
        // Sub-tick nanoseconds are truncated: DateTime resolves 100 ns.
        return DateTime.UnixEpoch.Ticks + seconds * TimeSpan.TicksPerSecond + nanos / TimeSpan.NanosecondsPerTick;
    }
}

internal struct DateTimeOffsetCodec : IProtoCodec<DateTimeOffset>
{
    public static WireType WireType => WireType.LengthDelimited;

    public static bool IsDefault(DateTimeOffset value) => value == default;

    public static int Size(DateTimeOffset value)
    {
        var (seconds, nanos) = TimestampCodec.FromUtcTicks(value.UtcTicks);
        return SecondsNanos.Size(seconds, nanos);
    }

    public static void Write(ref ProtoWriter writer, DateTimeOffset value)
    {
        var (seconds, nanos) = TimestampCodec.FromUtcTicks(value.UtcTicks);
        SecondsNanos.Write(ref writer, seconds, nanos);
    }

    public static DateTimeOffset Read(ref ProtoReader reader) => new(TimestampCodec.ReadUtcTicks(ref reader), TimeSpan.Zero);

    public static bool AlwaysInMapEntry => true;

    public static DateTimeOffset Empty() => DateTimeOffset.UnixEpoch;
}

internal struct DurationCodec : IProtoCodec<TimeSpan>
{
    // google.protobuf.Duration's valid range: +-315,576,000,000 s (10,000 years). TimeSpan reaches
    // +-29,227 years; longer spans encode as Google.Protobuf's Duration.FromTimeSpan does and are
    // refused on decode, as its ToTimeSpan refuses them.
    private const long MaxSeconds = 315_576_000_000;

    public static WireType WireType => WireType.LengthDelimited;

    public static bool AlwaysInMapEntry => true;

    public static bool IsDefault(TimeSpan value) => value.Ticks == 0;

    public static int Size(TimeSpan value) => SecondsNanos.Size(value.Ticks / TimeSpan.TicksPerSecond, Nanos(value));

    public static void Write(ref ProtoWriter writer, TimeSpan value) =>
        SecondsNanos.Write(ref writer, value.Ticks / TimeSpan.TicksPerSecond, Nanos(value));

    public static TimeSpan Read(ref ProtoReader reader)
    {
        var (seconds, nanos) = SecondsNanos.Read(ref reader, "google.protobuf.Duration");
        if (seconds is < -MaxSeconds or > MaxSeconds || nanos is < -999_999_999 or > 999_999_999
            || (seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0))
        {
            throw reader.Fault($"duration out of range (seconds {seconds}, nanos {nanos})");
        }
        return TimeSpan.FromTicks(seconds * TimeSpan.TicksPerSecond + nanos / TimeSpan.NanosecondsPerTick);
    }

    // Seconds and nanos carry the same sign, as Duration requires (truncation toward zero gives that).
    private static int Nanos(TimeSpan value) => (int)(value.Ticks % TimeSpan.TicksPerSecond * TimeSpan.NanosecondsPerTick);
}

internal struct GuidCodec : IProtoCodec<Guid>
{
    private const int FormattedLength = 36; // "D": 00000000-0000-0000-0000-000000000000

    public static WireType WireType => WireType.LengthDelimited;

    public static bool IsDefault(Guid value) => value == Guid.Empty;

    public static int Size(Guid value) => 1 + FormattedLength;

    public static void Write(ref ProtoWriter writer, Guid value)
    {
        Span<byte> text = stackalloc byte[FormattedLength];
        Utf8Formatter.TryFormat(value, text, out _, 'D');
        writer.WriteBytes(text);
    }

    public static Guid Read(ref ProtoReader reader)
    {
        var text = reader.ReadLengthDelimited();
        if (text.IsEmpty)
        {
            return Guid.Empty;
        }
        if (!Utf8Parser.TryParse(text, out Guid value, out var consumed, 'D') || consumed != text.Length)
        {
            throw reader.Fault("string is not a GUID in the 00000000-0000-0000-0000-000000000000 form");
        }
        return value;
    }
}
