using CodeFirst.Grpc.AspNetCore.Internal;
using CodeFirst.Grpc.AspNetCore.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodeFirst.Grpc.AspNetCore;

/// <summary>Registers the code-first gRPC server.</summary>
public static class CodeFirstGrpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds the code-first gRPC server's services; then map each service with
    /// <see cref="CodeFirstGrpcEndpointRouteBuilderExtensions.MapGrpcService{TService}"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddCodeFirstGrpc(options => options.MaxReceiveMessageSize = 1024 * 1024);
    /// var app = builder.Build();
    /// app.MapGrpcService&lt;OrderService&gt;();
    /// </code>
    /// </example>
    public static IServiceCollection AddCodeFirstGrpc(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRouting();
        services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddSingleton<ServerLifetime>();
        // Unused unless MapGrpcReflectionService maps it; a singleton so its index is built once.
        services.TryAddSingleton<ServerReflectionService>();
        return services;
    }
}
