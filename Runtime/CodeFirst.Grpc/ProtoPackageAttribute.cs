namespace CodeFirst.Grpc;

/// <summary>
/// Names the protobuf package of a message, enum or service contract.
/// </summary>
/// <remarks>
/// Put it on a type, or once on the assembly to give every contract type in it the same package;
/// a type-level attribute wins over the assembly's. A type with neither is in no package.
/// The package also decides the exported file: package <c>order.v1</c> exports to
/// <c>order/v1/order.proto</c> unless <see cref="FileName"/> says otherwise.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Interface,
    AllowMultiple = false, Inherited = false)]
public sealed class ProtoPackageAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="package">A dotted lower-case package name, for example <c>order.v1</c>.</param>
    public ProtoPackageAttribute(string package) => Package = package;

    /// <summary>The protobuf package name.</summary>
    public string Package { get; }

    /// <summary>
    /// The exported file's path relative to the proto root (for example <c>grpc/testing/test.proto</c>),
    /// or <see langword="null"/> for the default derived from the package.
    /// </summary>
    public string? FileName { get; set; }
}
