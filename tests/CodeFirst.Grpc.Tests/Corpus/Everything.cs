using System.Runtime.Serialization;

namespace CodeFirst.Grpc.Tests.Corpus;

/// <summary>A message using every member type the codec supports, in every cardinality.</summary>
[DataContract, ProtoPackage("corpus.v1")]
public sealed class Everything
{
    [DataMember(Order = 1)] public double Double { get; set; }
    [DataMember(Order = 2)] public float Float { get; set; }
    [DataMember(Order = 3)] public int Int32 { get; set; }
    [DataMember(Order = 4)] public long Int64 { get; set; }
    [DataMember(Order = 5, Name = "uint32")] public uint UInt32 { get; set; }
    [DataMember(Order = 6, Name = "uint64")] public ulong UInt64 { get; set; }
    [DataMember(Order = 7, Name = "sint32"), ProtoScalar(ScalarEncoding.ZigZag)] public int SInt32 { get; set; }
    [DataMember(Order = 8, Name = "sint64"), ProtoScalar(ScalarEncoding.ZigZag)] public long SInt64 { get; set; }
    [DataMember(Order = 9), ProtoScalar(ScalarEncoding.Fixed)] public uint Fixed32 { get; set; }
    [DataMember(Order = 10), ProtoScalar(ScalarEncoding.Fixed)] public ulong Fixed64 { get; set; }
    [DataMember(Order = 11, Name = "sfixed32"), ProtoScalar(ScalarEncoding.Fixed)] public int SFixed32 { get; set; }
    [DataMember(Order = 12, Name = "sfixed64"), ProtoScalar(ScalarEncoding.Fixed)] public long SFixed64 { get; set; }
    [DataMember(Order = 13)] public bool Bool { get; set; }
    [DataMember(Order = 14)] public string? Text { get; set; }
    [DataMember(Order = 15)] public byte[]? Bytes { get; set; }
    [DataMember(Order = 16)] public Color Color { get; set; }
    [DataMember(Order = 17)] public Nested? Nested { get; set; }

    [DataMember(Order = 20)] public int? OptionalInt32 { get; set; }
    [DataMember(Order = 21)] public double? OptionalDouble { get; set; }
    [DataMember(Order = 22)] public bool? OptionalBool { get; set; }
    [DataMember(Order = 23)] public Color? OptionalColor { get; set; }
    [DataMember(Order = 24, Name = "optional_sint64"), ProtoScalar(ScalarEncoding.ZigZag)] public long? OptionalSInt64 { get; set; }

    [DataMember(Order = 30)] public List<int>? Int32s { get; set; }
    [DataMember(Order = 31)] public double[]? Doubles { get; set; }
    [DataMember(Order = 32)] public List<string>? Texts { get; set; }
    [DataMember(Order = 33)] public List<Nested>? Children { get; set; }
    [DataMember(Order = 34)] public IList<Color>? Colors { get; set; }
    [DataMember(Order = 35, Name = "sint64s"), ProtoScalar(ScalarEncoding.ZigZag)] public List<long>? SInt64s { get; set; }
    [DataMember(Order = 36), ProtoScalar(ScalarEncoding.Fixed)] public uint[]? Fixed32s { get; set; }
    [DataMember(Order = 37)] public List<byte[]>? Blobs { get; set; }
    [DataMember(Order = 38)] public IReadOnlyList<bool>? Bools { get; set; }
    [DataMember(Order = 39, Name = "uint64s")] public List<ulong>? UInt64s { get; set; }
    [DataMember(Order = 40)] public List<float>? Floats { get; set; }

    [DataMember(Order = 50)] public Dictionary<string, int>? Counts { get; set; }
    [DataMember(Order = 51)] public Dictionary<int, Nested>? NestedById { get; set; }
    [DataMember(Order = 52)] public IDictionary<long, string>? Names { get; set; }
    [DataMember(Order = 53)] public Dictionary<bool, Color>? ColorByFlag { get; set; }
    [DataMember(Order = 54), ProtoScalar(ScalarEncoding.Fixed, KeyEncoding = ScalarEncoding.ZigZag)] public Dictionary<int, ulong>? Hashes { get; set; }
    [DataMember(Order = 55)] public IReadOnlyDictionary<string, byte[]>? Attachments { get; set; }

    [DataMember(Order = 60)] public DateTime Timestamp { get; set; }
    [DataMember(Order = 61)] public DateTime? NullableTimestamp { get; set; }
    [DataMember(Order = 62)] public DateTimeOffset Offset { get; set; }
    [DataMember(Order = 63)] public TimeSpan Duration { get; set; }
    [DataMember(Order = 64)] public TimeSpan? NullableDuration { get; set; }
    [DataMember(Order = 65)] public Guid Guid { get; set; }
    [DataMember(Order = 66)] public ReadOnlyMemory<byte> Memory { get; set; }
    [DataMember(Order = 67)] public List<DateTime>? Timestamps { get; set; }
    [DataMember(Order = 68)] public Dictionary<string, TimeSpan>? Durations { get; set; }
    [DataMember(Order = 69)] public List<Guid>? Guids { get; set; }

    // A field number far from the others: the decoder's dispatch falls back from a jump table to compares.
    [DataMember(Order = 5000)] public string? Far { get; set; }
}

/// <summary>A recursive message.</summary>
[DataContract, ProtoPackage("corpus.v1")]
public sealed class Nested
{
    [DataMember(Order = 1)] public string Name { get; set; } = "";
    [DataMember(Order = 2)] public int Value { get; set; }
    [DataMember(Order = 3)] public Nested? Child { get; set; }
    [DataMember(Order = 4)] public List<Nested> Children { get; } = [];
}

/// <summary>An enum with a negative value (written as a 10-byte varint).</summary>
[ProtoPackage("corpus.v1")]
public enum Color
{
    Unspecified = 0,
    Red = 1,
    Green = 2,
    Blue = 3,
    Infrared = -1,
}
