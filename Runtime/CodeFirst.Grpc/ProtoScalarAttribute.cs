namespace CodeFirst.Grpc;

/// <summary>
/// Chooses the protobuf encoding of an integer member (or of the elements, keys or values of a
/// collection member). Without it, integers use plain varints (<c>int32</c>, <c>int64</c>,
/// <c>uint32</c>, <c>uint64</c>).
/// </summary>
/// <example>
/// <code>
/// [DataMember(Order = 3), ProtoScalar(ScalarEncoding.ZigZag)] public int Delta { get; set; }   // sint32
/// [DataMember(Order = 4), ProtoScalar(ScalarEncoding.Fixed)] public ulong Hash { get; set; }    // fixed64
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class ProtoScalarAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="encoding">The encoding for the member's integers.</param>
    public ProtoScalarAttribute(ScalarEncoding encoding) => Encoding = encoding;

    /// <summary>The encoding of the member's integers (elements and values for collections).</summary>
    public ScalarEncoding Encoding { get; }

    /// <summary>For dictionaries: the encoding of the keys. Defaults to <see cref="ScalarEncoding.Default"/>.</summary>
    public ScalarEncoding KeyEncoding { get; set; }
}
