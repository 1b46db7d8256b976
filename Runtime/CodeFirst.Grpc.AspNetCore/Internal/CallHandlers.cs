using CodeFirst.Grpc.Contracts;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore.Internal;

// The four call shapes: each builds its method's pipeline once (the service method behind the interceptors) and
// per call only moves messages through it; everything else is in ServerCallHandler.

internal sealed class UnaryCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService>
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly UnaryServerMethod<TRequest, TResponse> _pipeline;

    public UnaryCallHandler(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ServerLifetime lifetime, ILogger logger)
        : base(method, options, activator, lifetime, logger)
    {
        var invoke = MethodInvoker.Create<Func<TService, TRequest, CallContext, ValueTask<TResponse>>>(method, typeof(TService), typeof(TRequest));
        _pipeline = Pipeline<UnaryServerMethod<TRequest, TResponse>>(
            (request, context) => invoke(ServiceOf(context), request, new CallContext(context)),
            static (index, next) => (request, context) => InterceptorOf(context, index).UnaryAsync(request, context, next));
    }

    protected override async Task HandleCoreAsync(HttpServerCallContext call)
    {
        var request = await ReadSingleRequestAsync<TRequest>(call);
        await WriteResponseAsync(call, await _pipeline(request, call));
    }
}

internal sealed class ServerStreamingCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService>
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly ServerStreamingServerMethod<TRequest, TResponse> _pipeline;

    public ServerStreamingCallHandler(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ServerLifetime lifetime, ILogger logger)
        : base(method, options, activator, lifetime, logger)
    {
        var invoke = MethodInvoker.Create<Func<TService, TRequest, CallContext, IAsyncEnumerable<TResponse>>>(method, typeof(TService), typeof(TRequest));
        _pipeline = Pipeline<ServerStreamingServerMethod<TRequest, TResponse>>(
            (request, context) => invoke(ServiceOf(context), request, new CallContext(context)),
            static (index, next) => (request, context) => InterceptorOf(context, index).ServerStreamingAsync(request, context, next));
    }

    protected override async Task HandleCoreAsync(HttpServerCallContext call)
    {
        var request = await ReadSingleRequestAsync<TRequest>(call);
        await WriteResponsesAsync(call, _pipeline(request, call));
    }
}

internal sealed class ClientStreamingCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService>
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly ClientStreamingServerMethod<TRequest, TResponse> _pipeline;

    public ClientStreamingCallHandler(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ServerLifetime lifetime, ILogger logger)
        : base(method, options, activator, lifetime, logger)
    {
        var invoke = MethodInvoker.Create<Func<TService, IAsyncEnumerable<TRequest>, CallContext, ValueTask<TResponse>>>(method, typeof(TService), typeof(IAsyncEnumerable<TRequest>));
        _pipeline = Pipeline<ClientStreamingServerMethod<TRequest, TResponse>>(
            (requests, context) => invoke(ServiceOf(context), requests, new CallContext(context)),
            static (index, next) => (requests, context) => InterceptorOf(context, index).ClientStreamingAsync(requests, context, next));
    }

    protected override async Task HandleCoreAsync(HttpServerCallContext call) =>
        await WriteResponseAsync(call, await _pipeline(new RequestStream<TRequest>(call), call));
}

internal sealed class DuplexStreamingCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService>
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly DuplexStreamingServerMethod<TRequest, TResponse> _pipeline;

    public DuplexStreamingCallHandler(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ServerLifetime lifetime, ILogger logger)
        : base(method, options, activator, lifetime, logger)
    {
        var invoke = MethodInvoker.Create<Func<TService, IAsyncEnumerable<TRequest>, CallContext, IAsyncEnumerable<TResponse>>>(method, typeof(TService), typeof(IAsyncEnumerable<TRequest>));
        _pipeline = Pipeline<DuplexStreamingServerMethod<TRequest, TResponse>>(
            (requests, context) => invoke(ServiceOf(context), requests, new CallContext(context)),
            static (index, next) => (requests, context) => InterceptorOf(context, index).DuplexStreamingAsync(requests, context, next));
    }

    protected override async Task HandleCoreAsync(HttpServerCallContext call) =>
        await WriteResponsesAsync(call, _pipeline(new RequestStream<TRequest>(call), call));
}
