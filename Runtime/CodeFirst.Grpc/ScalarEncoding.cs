namespace CodeFirst.Grpc;

/// <summary>How an integer is written on the wire.</summary>
public enum ScalarEncoding
{
    /// <summary>A varint: <c>int32</c>, <c>int64</c>, <c>uint32</c> or <c>uint64</c>.</summary>
    Default = 0,

    /// <summary>A zigzag varint, compact for negative numbers: <c>sint32</c> or <c>sint64</c>.</summary>
    ZigZag = 1,

    /// <summary>Fixed width: <c>fixed32</c>, <c>fixed64</c>, <c>sfixed32</c> or <c>sfixed64</c>.</summary>
    Fixed = 2,
}
