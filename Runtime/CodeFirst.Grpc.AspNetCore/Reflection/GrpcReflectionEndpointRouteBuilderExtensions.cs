using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace CodeFirst.Grpc.AspNetCore.Reflection;

/// <summary>Maps the gRPC server reflection service.</summary>
public static class GrpcReflectionEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps server reflection, <c>grpc.reflection.v1.ServerReflection</c> and <c>grpc.reflection.v1alpha.ServerReflection</c>,
    /// describing every service mapped on this server (itself included) with descriptors built from the contract model.
    /// Needs <c>AddCodeFirstGrpc()</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// app.MapGrpcService&lt;OrderService&gt;();
    /// app.MapGrpcReflectionService();   // grpcurl -plaintext localhost:5000 list
    /// </code>
    /// </example>
    /// <exception cref="InvalidOperationException"><c>AddCodeFirstGrpc</c> was not called, or reflection is already mapped.</exception>
    public static IEndpointConventionBuilder MapGrpcReflectionService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGrpcService<ServerReflectionService>();
    }
}
