using CodeFirst.Grpc.AspNetCore.Internal;
using CodeFirst.Grpc.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.AspNetCore.Health;

/// <summary>Registers the gRPC health service.</summary>
public static class GrpcHealthServiceCollectionExtensions
{
    /// <summary>
    /// Adds the code-first gRPC server (if not added yet) and a singleton <see cref="HealthStatusManager"/> that reports
    /// every mapped service, and the server (<c>""</c>), as serving; then map the service with
    /// <see cref="GrpcHealthEndpointRouteBuilderExtensions.MapGrpcHealthService"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddCodeFirstGrpc().AddGrpcHealth();
    /// var app = builder.Build();
    /// app.MapGrpcService&lt;OrderService&gt;();
    /// app.MapGrpcHealthService();
    /// </code>
    /// </example>
    public static IServiceCollection AddGrpcHealth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCodeFirstGrpc();
        services.TryAddSingleton(provider =>
        {
            var manager = new HealthStatusManager(provider.GetRequiredService<GrpcServiceRegistry>().Contains);
            // Graceful shutdown flips health to NOT_SERVING before calls are refused, so balancers move away first.
            provider.GetRequiredService<ServerLifetime>().Draining += manager.Shutdown;
            return manager;
        });
        services.TryAddSingleton<HealthService>();
        return services;
    }
}
