namespace CodeFirst.Grpc;

/// <summary>
/// Overrides the wire name of a service method. Without it the wire name is the C# method name with
/// a trailing <c>Async</c> removed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GrpcOperationAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The method's wire name, for example <c>GetOrder</c>.</param>
    public GrpcOperationAttribute(string name) => Name = name;

    /// <summary>The method's wire name.</summary>
    public string Name { get; }
}
