using CodeFirst.Grpc.Contracts;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore.Internal;

// The four call shapes: each only moves messages; everything else is in ServerCallHandler.

internal sealed class UnaryCallHandler<TService, TRequest, TResponse>(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ILogger logger)
    : ServerCallHandler<TService>(method, options, activator, logger)
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly Func<TService, TRequest, CallContext, ValueTask<TResponse>> _invoke =
        MethodInvoker.Create<Func<TService, TRequest, CallContext, ValueTask<TResponse>>>(method, typeof(TService), typeof(TRequest));

    protected override async Task HandleCoreAsync(HttpServerCallContext call, TService service)
    {
        var request = await ReadSingleRequestAsync<TRequest>(call);
        var response = await _invoke(service, request, ContextOf(call));
        await WriteResponseAsync(call, response);
    }
}

internal sealed class ServerStreamingCallHandler<TService, TRequest, TResponse>(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ILogger logger)
    : ServerCallHandler<TService>(method, options, activator, logger)
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly Func<TService, TRequest, CallContext, IAsyncEnumerable<TResponse>> _invoke =
        MethodInvoker.Create<Func<TService, TRequest, CallContext, IAsyncEnumerable<TResponse>>>(method, typeof(TService), typeof(TRequest));

    protected override async Task HandleCoreAsync(HttpServerCallContext call, TService service)
    {
        var request = await ReadSingleRequestAsync<TRequest>(call);
        await foreach (var response in _invoke(service, request, ContextOf(call)).WithCancellation(call.CancellationToken))
        {
            await WriteResponseAsync(call, response);
        }
    }
}

internal sealed class ClientStreamingCallHandler<TService, TRequest, TResponse>(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ILogger logger)
    : ServerCallHandler<TService>(method, options, activator, logger)
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly Func<TService, IAsyncEnumerable<TRequest>, CallContext, ValueTask<TResponse>> _invoke =
        MethodInvoker.Create<Func<TService, IAsyncEnumerable<TRequest>, CallContext, ValueTask<TResponse>>>(method, typeof(TService), typeof(IAsyncEnumerable<TRequest>));

    protected override async Task HandleCoreAsync(HttpServerCallContext call, TService service)
    {
        var response = await _invoke(service, new RequestStream<TRequest>(call), ContextOf(call));
        await WriteResponseAsync(call, response);
    }
}

internal sealed class DuplexStreamingCallHandler<TService, TRequest, TResponse>(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ILogger logger)
    : ServerCallHandler<TService>(method, options, activator, logger)
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly Func<TService, IAsyncEnumerable<TRequest>, CallContext, IAsyncEnumerable<TResponse>> _invoke =
        MethodInvoker.Create<Func<TService, IAsyncEnumerable<TRequest>, CallContext, IAsyncEnumerable<TResponse>>>(method, typeof(TService), typeof(IAsyncEnumerable<TRequest>));

    protected override async Task HandleCoreAsync(HttpServerCallContext call, TService service)
    {
        await foreach (var response in _invoke(service, new RequestStream<TRequest>(call), ContextOf(call)).WithCancellation(call.CancellationToken))
        {
            await WriteResponseAsync(call, response);
        }
    }
}
