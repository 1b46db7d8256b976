using System.Runtime.CompilerServices;
using Google.Protobuf;
using static Google.Protobuf.WireFormat;

namespace CodeFirst.Grpc.Codec;

// The proto3 scalar types, one small codec each. Sizes come from Google.Protobuf's CodedOutputStream
// helpers; wire formats are those of the protobuf encoding guide.

internal struct Int32Codec : IProtoCodec<int>
{
    public static WireType WireType => WireType.Varint;
    public static bool IsDefault(int value) => value == 0;
    public static int Size(int value) => CodedOutputStream.ComputeInt32Size(value);
    public static void Write(ref ProtoWriter writer, int value) => writer.WriteVarint64((ulong)(long)value);
    public static int Read(ref ProtoReader reader) => (int)reader.ReadVarint64();
}

internal struct Int64Codec : IProtoCodec<long>
{
    public static WireType WireType => WireType.Varint;
    public static bool IsDefault(long value) => value == 0;
    public static int Size(long value) => CodedOutputStream.ComputeInt64Size(value);
    public static void Write(ref ProtoWriter writer, long value) => writer.WriteVarint64((ulong)value);
    public static long Read(ref ProtoReader reader) => (long)reader.ReadVarint64();
}

internal struct UInt32Codec : IProtoCodec<uint>
{
    public static WireType WireType => WireType.Varint;
    public static bool IsDefault(uint value) => value == 0;
    public static int Size(uint value) => CodedOutputStream.ComputeUInt32Size(value);
    public static void Write(ref ProtoWriter writer, uint value) => writer.WriteVarint32(value);
    public static uint Read(ref ProtoReader reader) => (uint)reader.ReadVarint64();
}

internal struct UInt64Codec : IProtoCodec<ulong>
{
    public static WireType WireType => WireType.Varint;
    public static bool IsDefault(ulong value) => value == 0;
    public static int Size(ulong value) => CodedOutputStream.ComputeUInt64Size(value);
    public static void Write(ref ProtoWriter writer, ulong value) => writer.WriteVarint64(value);
    public static ulong Read(ref ProtoReader reader) => reader.ReadVarint64();
}

internal struct SInt32Codec : IProtoCodec<int>
{
    private static int ZigZag32(uint n) => (int)(n >> 1) ^ -(int)(n & 1);

    public static WireType WireType => WireType.Varint;
    public static bool IsDefault(int value) => value == 0;
    public static int Size(int value) => CodedOutputStream.ComputeSInt32Size(value);
    public static void Write(ref ProtoWriter writer, int value) => writer.WriteVarint32((uint)((value << 1) ^ (value >> 31)));
    public static int Read(ref ProtoReader reader) => ZigZag32((uint)reader.ReadVarint64());
}

internal struct SInt64Codec : IProtoCodec<long>
{
    private static long ZigZag64(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    public static WireType WireType => WireType.Varint;
    public static bool IsDefault(long value) => value == 0;
    public static int Size(long value) => CodedOutputStream.ComputeSInt64Size(value);
    public static void Write(ref ProtoWriter writer, long value) => writer.WriteVarint64((ulong)((value << 1) ^ (value >> 63)));
    public static long Read(ref ProtoReader reader) => ZigZag64(reader.ReadVarint64());
}

internal struct Fixed32Codec : IProtoCodec<uint>
{
    public static WireType WireType => WireType.Fixed32;
    public static bool IsDefault(uint value) => value == 0;
    public static int Size(uint value) => 4;
    public static void Write(ref ProtoWriter writer, uint value) => writer.WriteFixed32(value);
    public static uint Read(ref ProtoReader reader) => reader.ReadFixed32();
}

internal struct Fixed64Codec : IProtoCodec<ulong>
{
    public static WireType WireType => WireType.Fixed64;
    public static bool IsDefault(ulong value) => value == 0;
    public static int Size(ulong value) => 8;
    public static void Write(ref ProtoWriter writer, ulong value) => writer.WriteFixed64(value);
    public static ulong Read(ref ProtoReader reader) => reader.ReadFixed64();
}

internal struct SFixed32Codec : IProtoCodec<int>
{
    public static WireType WireType => WireType.Fixed32;
    public static bool IsDefault(int value) => value == 0;
    public static int Size(int value) => 4;
    public static void Write(ref ProtoWriter writer, int value) => writer.WriteFixed32((uint)value);
    public static int Read(ref ProtoReader reader) => (int)reader.ReadFixed32();
}

internal struct SFixed64Codec : IProtoCodec<long>
{
    public static WireType WireType => WireType.Fixed64;
    public static bool IsDefault(long value) => value == 0;
    public static int Size(long value) => 8;
    public static void Write(ref ProtoWriter writer, long value) => writer.WriteFixed64((ulong)value);
    public static long Read(ref ProtoReader reader) => (long)reader.ReadFixed64();
}

internal struct BoolCodec : IProtoCodec<bool>
{
    public static WireType WireType => WireType.Varint;
    public static bool IsDefault(bool value) => !value;
    public static int Size(bool value) => 1;
    public static void Write(ref ProtoWriter writer, bool value) => writer.WriteVarint32(value ? 1u : 0u);
    public static bool Read(ref ProtoReader reader) => reader.ReadVarint64() != 0;
}

internal struct FloatCodec : IProtoCodec<float>
{
    public static WireType WireType => WireType.Fixed32;
    // Like protoc's C# output, -0.0 counts as the default and is not written.
    public static bool IsDefault(float value) => value == 0f;
    public static int Size(float value) => 4;
    public static void Write(ref ProtoWriter writer, float value) => writer.WriteFixed32(BitConverter.SingleToUInt32Bits(value));
    public static float Read(ref ProtoReader reader) => BitConverter.UInt32BitsToSingle(reader.ReadFixed32());
}

internal struct DoubleCodec : IProtoCodec<double>
{
    public static WireType WireType => WireType.Fixed64;
    public static bool IsDefault(double value) => value == 0d;
    public static int Size(double value) => 8;
    public static void Write(ref ProtoWriter writer, double value) => writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(value));
    public static double Read(ref ProtoReader reader) => BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
}

internal struct StringCodec : IProtoCodec<string>
{
    public static WireType WireType => WireType.LengthDelimited;
    public static bool IsDefault(string value) => string.IsNullOrEmpty(value);
    public static int Size(string value) => CodedOutputStream.ComputeStringSize(value);
    public static void Write(ref ProtoWriter writer, string value) => writer.WriteString(value);
    public static string Read(ref ProtoReader reader) => reader.ReadString();
    public static string Empty() => string.Empty;
}

internal struct ByteArrayCodec : IProtoCodec<byte[]>
{
    public static WireType WireType => WireType.LengthDelimited;
    public static bool IsDefault(byte[] value) => value is null || value.Length == 0;
    public static int Size(byte[] value) => CodedOutputStream.ComputeLengthSize(value.Length) + value.Length;
    public static void Write(ref ProtoWriter writer, byte[] value) => writer.WriteBytes(value);
    public static byte[] Read(ref ProtoReader reader) => reader.ReadLengthDelimited().ToArray();
    public static byte[] Empty() => [];
}

internal struct MemoryCodec : IProtoCodec<ReadOnlyMemory<byte>>
{
    public static WireType WireType => WireType.LengthDelimited;
    public static bool IsDefault(ReadOnlyMemory<byte> value) => value.IsEmpty;
    public static int Size(ReadOnlyMemory<byte> value) => CodedOutputStream.ComputeLengthSize(value.Length) + value.Length;
    public static void Write(ref ProtoWriter writer, ReadOnlyMemory<byte> value) => writer.WriteBytes(value.Span);
    // The input buffer is not ours to keep (it is pooled), so the bytes are copied.
    public static ReadOnlyMemory<byte> Read(ref ProtoReader reader) => reader.ReadLengthDelimited().ToArray();
}

internal struct EnumCodec<TEnum> : IProtoCodec<TEnum>
    where TEnum : unmanaged, Enum
{
    // The contract model admits only int-backed enums, so reinterpreting as int is exact.
    public static WireType WireType => WireType.Varint;
    public static bool IsDefault(TEnum value) => Unsafe.As<TEnum, int>(ref value) == 0;
    public static int Size(TEnum value) => CodedOutputStream.ComputeEnumSize(Unsafe.As<TEnum, int>(ref value));
    public static void Write(ref ProtoWriter writer, TEnum value) => writer.WriteVarint64((ulong)(long)Unsafe.As<TEnum, int>(ref value));
    public static TEnum Read(ref ProtoReader reader)
    {
        var number = (int)reader.ReadVarint64();
        return Unsafe.As<int, TEnum>(ref number);
    }
}
