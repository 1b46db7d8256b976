namespace CodeFirst.Grpc;

/// <summary>
/// Marks an interface as a gRPC service contract. Every method of the interface becomes an RPC.
/// </summary>
/// <example>
/// <code>
/// [GrpcService("order.v1.OrderService")]
/// public interface IOrderService
/// {
///     ValueTask&lt;Order&gt; GetOrderAsync(GetOrderRequest request, CallContext context = default);
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class GrpcServiceAttribute : Attribute
{
    /// <summary>Creates the attribute with a wire name derived from the interface.</summary>
    /// <remarks>
    /// The derived name is the package (<see cref="ProtoPackageAttribute"/>) followed by the interface
    /// name without its leading <c>I</c>: <c>IOrderService</c> in package <c>order.v1</c> is
    /// <c>order.v1.OrderService</c>.
    /// </remarks>
    public GrpcServiceAttribute()
    {
    }

    /// <summary>Creates the attribute with an explicit, fully qualified wire name.</summary>
    /// <param name="name">The service's wire name, <c>package.Service</c> (for example <c>order.v1.OrderService</c>).</param>
    public GrpcServiceAttribute(string name) => Name = name;

    /// <summary>The fully qualified wire name, or <see langword="null"/> to derive it.</summary>
    public string? Name { get; }
}
