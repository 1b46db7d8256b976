using CodeFirst.Grpc.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.AspNetCore.Health;

/// <summary>Maps the gRPC health service.</summary>
public static class GrpcHealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>grpc.health.v1.Health</c> (<c>Check</c> and <c>Watch</c>), answering from the
    /// <see cref="HealthStatusManager"/> that <see cref="GrpcHealthServiceCollectionExtensions.AddGrpcHealth"/> registered.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddGrpcHealth</c> was not called, or the health service is already mapped.</exception>
    public static IEndpointConventionBuilder MapGrpcHealthService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<HealthStatusManager>() is null)
        {
            throw new InvalidOperationException("Call services.AddGrpcHealth() before MapGrpcHealthService.");
        }
        return endpoints.MapGrpcService<HealthService>();
    }
}
