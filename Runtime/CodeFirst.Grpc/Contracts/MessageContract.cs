namespace CodeFirst.Grpc.Contracts;

/// <summary>A message: a <c>[DataContract]</c> class and its fields in field-number order.</summary>
public sealed class MessageContract
{
    private IReadOnlyList<FieldContract> _fields = [];

    internal MessageContract(Type type, string name, string package)
    {
        Type = type;
        Name = name;
        Package = package;
        FullName = package.Length == 0 ? name : package + "." + name;
    }

    /// <summary>The CLR type.</summary>
    public Type Type { get; }

    /// <summary>The protobuf message name (<c>DataContract.Name</c> or the class name).</summary>
    public string Name { get; }

    /// <summary>The protobuf package (<see cref="ProtoPackageAttribute"/>), or empty.</summary>
    public string Package { get; }

    /// <summary>The path of the .proto file this type is exported to, for example <c>order/v1/order.proto</c>.</summary>
    public string File { get; internal init; } = "";

    /// <summary>The fully qualified protobuf name, <c>package.Name</c>.</summary>
    public string FullName { get; }

    /// <summary>The fields, ordered by field number.</summary>
    public IReadOnlyList<FieldContract> Fields { get => _fields; internal set => _fields = value; }

    /// <inheritdoc />
    public override string ToString() => FullName;
}
