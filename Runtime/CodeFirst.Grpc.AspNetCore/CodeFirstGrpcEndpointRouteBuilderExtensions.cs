using CodeFirst.Grpc.AspNetCore.Internal;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodeFirst.Grpc.AspNetCore;

/// <summary>Maps code-first gRPC services to endpoints.</summary>
public static class CodeFirstGrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every method of every <see cref="GrpcServiceAttribute"/> interface that <typeparamref name="TService"/>
    /// implements to <c>POST /package.Service/Method</c>. The instance for a call comes from DI when
    /// <typeparamref name="TService"/> is registered there, else it is created (with constructor injection) per call.
    /// </summary>
    /// <exception cref="InvalidContractException">A method has no supported shape, or a message is not a valid contract.</exception>
    /// <exception cref="InvalidOperationException"><typeparamref name="TService"/> implements no service interface, or a service is mapped twice.</exception>
    public static IEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var registry = endpoints.ServiceProvider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddCodeFirstGrpc() before MapGrpcService.");
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("CodeFirst.Grpc.Server");
        var contracts = typeof(TService).GetInterfaces()
            .Where(i => i.IsDefined(typeof(GrpcServiceAttribute), inherit: false))
            .Select(ContractModel.GetService)
            .ToList();
        if (contracts.Count == 0)
        {
            throw new InvalidOperationException($"{typeof(TService).FullName} implements no interface marked [GrpcService].");
        }
        // The pipelines are built now, for the interceptors there are.
        options.Interceptors.Fix();
        var lifetime = endpoints.ServiceProvider.GetRequiredService<ServerLifetime>();
        var activator = new ServiceActivator<TService>(endpoints.ServiceProvider);
        var builders = new List<IEndpointConventionBuilder>();
        foreach (var service in contracts)
        {
            if (!registry.TryAdd(service))
            {
                throw new InvalidOperationException($"Service {service.FullName} is already mapped.");
            }
            foreach (var method in service.Methods)
            {
                // Compile the codecs now: a contract mistake fails at startup, not on the first call.
                MessageCodec.Prepare(method.RequestType);
                MessageCodec.Prepare(method.ResponseType);
                var handler = CreateHandler(method, options, activator, lifetime, logger);
                builders.Add(endpoints.MapPost(method.Path, handler.HandleCallAsync)
                    .WithDisplayName($"gRPC {method.Path}")
                    .WithMetadata(method));
            }
        }
        MapUnimplemented(endpoints, registry, logger);
        return new CompositeConventionBuilder(builders);
    }

    private static ServerCallHandler<TService> CreateHandler<TService>(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ServerLifetime lifetime, ILogger logger)
        where TService : class
    {
        var handlerType = method.Type switch
        {
            MethodType.Unary => typeof(UnaryCallHandler<,,>),
            MethodType.ServerStreaming => typeof(ServerStreamingCallHandler<,,>),
            MethodType.ClientStreaming => typeof(ClientStreamingCallHandler<,,>),
            _ => typeof(DuplexStreamingCallHandler<,,>),
        };
        var closed = handlerType.MakeGenericType(typeof(TService), method.RequestType, method.ResponseType);
        return (ServerCallHandler<TService>)Activator.CreateInstance(closed, method, options, activator, lifetime, logger)!;
    }

    /// <summary>
    /// gRPC requests for paths no service maps get UNIMPLEMENTED (trailers-only); other requests fall through
    /// to 404. Mapped once, with the lowest route priority.
    /// </summary>
    private static void MapUnimplemented(IEndpointRouteBuilder endpoints, GrpcServiceRegistry registry, ILogger logger)
    {
        if (registry.UnimplementedMapped)
        {
            return;
        }
        registry.UnimplementedMapped = true;
        endpoints.MapPost("{unimplementedService}/{unimplementedMethod}", (HttpContext context, string unimplementedService, string unimplementedMethod) =>
            {
                if (!GrpcProtocol.IsGrpcContentType(context.Request.ContentType))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }
                var reason = registry.Contains(unimplementedService)
                    ? $"Method {unimplementedMethod} is not implemented by service {unimplementedService}."
                    : $"Service {unimplementedService} is not implemented.";
                GrpcServerLog.Unimplemented(logger, context.Request.Path, reason);
                StatusResponse.WriteTrailersOnly(context.Response, new Status(StatusCode.Unimplemented, reason));
                return Task.CompletedTask;
            })
            .WithDisplayName("gRPC unimplemented")
            .Add(builder => ((RouteEndpointBuilder)builder).Order = int.MaxValue);
    }

    private sealed class CompositeConventionBuilder(List<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
