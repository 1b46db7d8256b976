namespace CodeFirst.Grpc.Contracts;

/// <summary>A service: an interface marked <see cref="GrpcServiceAttribute"/> and its methods.</summary>
public sealed class ServiceContract
{
    private IReadOnlyList<MethodContract> _methods = [];

    internal ServiceContract(Type type, string name, string package)
    {
        Type = type;
        Name = name;
        Package = package;
        FullName = package.Length == 0 ? name : package + "." + name;
    }

    /// <summary>The service interface.</summary>
    public Type Type { get; }

    /// <summary>The service name without its package (<c>OrderService</c>).</summary>
    public string Name { get; }

    /// <summary>The protobuf package (<c>order.v1</c>), or empty.</summary>
    public string Package { get; }

    /// <summary>The path of the .proto file this type is exported to, for example <c>order/v1/order.proto</c>.</summary>
    public string File { get; internal init; } = "";

    /// <summary>The fully qualified wire name (<c>order.v1.OrderService</c>).</summary>
    public string FullName { get; }

    /// <summary>The methods, in declaration order.</summary>
    public IReadOnlyList<MethodContract> Methods { get => _methods; internal set => _methods = value; }

    /// <inheritdoc />
    public override string ToString() => FullName;
}
