namespace CodeFirst.Grpc.Contracts;

/// <summary>An enum type and its protobuf values.</summary>
public sealed class EnumContract
{
    internal EnumContract(Type type, string name, string package, IReadOnlyList<EnumValueContract> values)
    {
        Type = type;
        Name = name;
        Package = package;
        FullName = package.Length == 0 ? name : package + "." + name;
        Values = values;
    }

    /// <summary>The CLR enum type.</summary>
    public Type Type { get; }

    /// <summary>The protobuf enum name.</summary>
    public string Name { get; }

    /// <summary>The protobuf package, or empty.</summary>
    public string Package { get; }

    /// <summary>The path of the .proto file this type is exported to, for example <c>order/v1/order.proto</c>.</summary>
    public string File { get; internal init; } = "";

    /// <summary>The fully qualified protobuf name.</summary>
    public string FullName { get; }

    /// <summary>The values, zero first, then in declaration order.</summary>
    public IReadOnlyList<EnumValueContract> Values { get; }

    /// <inheritdoc />
    public override string ToString() => FullName;
}

/// <summary>One value of an enum.</summary>
/// <param name="Name">The protobuf name: <c>[EnumMember(Value = ...)]</c>, or the enum's name and the member's in upper snake case (<c>ORDER_STATUS_PENDING</c>).</param>
/// <param name="Number">The numeric value.</param>
/// <param name="ClrName">The C# member name.</param>
public sealed record EnumValueContract(string Name, int Number, string ClrName);
