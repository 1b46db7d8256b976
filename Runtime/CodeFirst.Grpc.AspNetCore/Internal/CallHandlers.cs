using CodeFirst.Grpc.Contracts;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore.Internal;

// The four call shapes: each only moves messages and, when interceptors are registered, chains them
// in front of the method; everything else is in ServerCallHandler.

internal sealed class UnaryCallHandler<TService, TRequest, TResponse>(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ServerLifetime lifetime, ILogger logger)
    : ServerCallHandler<TService>(method, options, activator, lifetime, logger)
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly Func<TService, TRequest, CallContext, ValueTask<TResponse>> _invoke =
        MethodInvoker.Create<Func<TService, TRequest, CallContext, ValueTask<TResponse>>>(method, typeof(TService), typeof(TRequest));

    protected override async Task HandleCoreAsync(HttpServerCallContext call, TService service, ServerInterceptor[] interceptors)
    {
        var request = await ReadSingleRequestAsync<TRequest>(call);
        var response = interceptors.Length == 0
            ? await _invoke(service, request, new CallContext(call))
            : await Pipeline(service, interceptors)(request, call);
        await WriteResponseAsync(call, response);
    }

    private UnaryServerMethod<TRequest, TResponse> Pipeline(TService service, ServerInterceptor[] interceptors) =>
        Chain<UnaryServerMethod<TRequest, TResponse>>(
            (request, context) => _invoke(service, request, new CallContext(context)),
            interceptors,
            static (interceptor, next) => (request, context) => interceptor.UnaryAsync(request, context, next));
}

internal sealed class ServerStreamingCallHandler<TService, TRequest, TResponse>(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ServerLifetime lifetime, ILogger logger)
    : ServerCallHandler<TService>(method, options, activator, lifetime, logger)
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly Func<TService, TRequest, CallContext, IAsyncEnumerable<TResponse>> _invoke =
        MethodInvoker.Create<Func<TService, TRequest, CallContext, IAsyncEnumerable<TResponse>>>(method, typeof(TService), typeof(TRequest));

    protected override async Task HandleCoreAsync(HttpServerCallContext call, TService service, ServerInterceptor[] interceptors)
    {
        var request = await ReadSingleRequestAsync<TRequest>(call);
        var responses = interceptors.Length == 0
            ? _invoke(service, request, new CallContext(call))
            : Pipeline(service, interceptors)(request, call);
        await WriteResponsesAsync(call, responses);
    }

    private ServerStreamingServerMethod<TRequest, TResponse> Pipeline(TService service, ServerInterceptor[] interceptors) =>
        Chain<ServerStreamingServerMethod<TRequest, TResponse>>(
            (request, context) => _invoke(service, request, new CallContext(context)),
            interceptors,
            static (interceptor, next) => (request, context) => interceptor.ServerStreamingAsync(request, context, next));
}

internal sealed class ClientStreamingCallHandler<TService, TRequest, TResponse>(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ServerLifetime lifetime, ILogger logger)
    : ServerCallHandler<TService>(method, options, activator, lifetime, logger)
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly Func<TService, IAsyncEnumerable<TRequest>, CallContext, ValueTask<TResponse>> _invoke =
        MethodInvoker.Create<Func<TService, IAsyncEnumerable<TRequest>, CallContext, ValueTask<TResponse>>>(method, typeof(TService), typeof(IAsyncEnumerable<TRequest>));

    protected override async Task HandleCoreAsync(HttpServerCallContext call, TService service, ServerInterceptor[] interceptors)
    {
        var requests = new RequestStream<TRequest>(call);
        var response = interceptors.Length == 0
            ? await _invoke(service, requests, new CallContext(call))
            : await Pipeline(service, interceptors)(requests, call);
        await WriteResponseAsync(call, response);
    }

    private ClientStreamingServerMethod<TRequest, TResponse> Pipeline(TService service, ServerInterceptor[] interceptors) =>
        Chain<ClientStreamingServerMethod<TRequest, TResponse>>(
            (requests, context) => _invoke(service, requests, new CallContext(context)),
            interceptors,
            static (interceptor, next) => (requests, context) => interceptor.ClientStreamingAsync(requests, context, next));
}

internal sealed class DuplexStreamingCallHandler<TService, TRequest, TResponse>(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ServerLifetime lifetime, ILogger logger)
    : ServerCallHandler<TService>(method, options, activator, lifetime, logger)
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly Func<TService, IAsyncEnumerable<TRequest>, CallContext, IAsyncEnumerable<TResponse>> _invoke =
        MethodInvoker.Create<Func<TService, IAsyncEnumerable<TRequest>, CallContext, IAsyncEnumerable<TResponse>>>(method, typeof(TService), typeof(IAsyncEnumerable<TRequest>));

    protected override async Task HandleCoreAsync(HttpServerCallContext call, TService service, ServerInterceptor[] interceptors)
    {
        var requests = new RequestStream<TRequest>(call);
        var responses = interceptors.Length == 0
            ? _invoke(service, requests, new CallContext(call))
            : Pipeline(service, interceptors)(requests, call);
        await WriteResponsesAsync(call, responses);
    }

    private DuplexStreamingServerMethod<TRequest, TResponse> Pipeline(TService service, ServerInterceptor[] interceptors) =>
        Chain<DuplexStreamingServerMethod<TRequest, TResponse>>(
            (requests, context) => _invoke(service, requests, new CallContext(context)),
            interceptors,
            static (interceptor, next) => (requests, context) => interceptor.DuplexStreamingAsync(requests, context, next));
}
