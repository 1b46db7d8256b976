using CodeFirst.Grpc.Contracts;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>
/// One method of a service on one channel: its retry policy and its interceptor pipeline, built once. The proxy's
/// methods call the adapter matching their signature (see <see cref="ProxyFactory"/>), which starts the pipeline.
/// </summary>
internal sealed class ClientMethod<TRequest, TResponse>
    where TRequest : class
    where TResponse : class
{
    private readonly UnaryClientMethod<TRequest, TResponse>? _unary;
    private readonly ServerStreamingClientMethod<TRequest, TResponse>? _serverStreaming;
    private readonly ClientStreamingClientMethod<TRequest, TResponse>? _clientStreaming;
    private readonly DuplexStreamingClientMethod<TRequest, TResponse>? _duplexStreaming;

    public ClientMethod(GrpcChannel channel, MethodContract contract)
    {
        Channel = channel;
        Contract = contract;
        RetryPolicy = channel.GetRetryPolicy(contract);
        var interceptors = channel.Options.Interceptors.ToArray();
        switch (contract.Type)
        {
            case MethodType.Unary:
                _unary = Chain<UnaryClientMethod<TRequest, TResponse>>(
                    (request, context) => new GrpcCall<TRequest, TResponse>(this, context).UnaryAsync(request),
                    interceptors, static (interceptor, next) => (request, context) => interceptor.UnaryAsync(request, context, next));
                break;
            case MethodType.ServerStreaming:
                _serverStreaming = Chain<ServerStreamingClientMethod<TRequest, TResponse>>(
                    (request, context) => GrpcCall<TRequest, TResponse>.ServerStreaming(this, context, request),
                    interceptors, static (interceptor, next) => (request, context) => interceptor.ServerStreaming(request, context, next));
                break;
            case MethodType.ClientStreaming:
                _clientStreaming = Chain<ClientStreamingClientMethod<TRequest, TResponse>>(
                    (requests, context) => new GrpcCall<TRequest, TResponse>(this, context).ClientStreamingAsync(requests),
                    interceptors, static (interceptor, next) => (requests, context) => interceptor.ClientStreamingAsync(requests, context, next));
                break;
            default:
                _duplexStreaming = Chain<DuplexStreamingClientMethod<TRequest, TResponse>>(
                    (requests, context) => GrpcCall<TRequest, TResponse>.DuplexStreaming(this, context, requests),
                    interceptors, static (interceptor, next) => (requests, context) => interceptor.DuplexStreaming(requests, context, next));
                break;
        }
    }

    public GrpcChannel Channel { get; }

    public MethodContract Contract { get; }

    public RetryPolicy? RetryPolicy { get; }

    // The adapters, one per (request form, response form) of MethodShape.All; ProxyFactory.Adapters maps them.

    public ValueTask<TResponse> UnaryValueTask(TRequest request, CallContext context) => _unary!(request, new ClientCallContext(Contract, context));

    public Task<TResponse> UnaryTask(TRequest request, CallContext context) => UnaryValueTask(request, context).AsTask();

    public IAsyncEnumerable<TResponse> ServerStreaming(TRequest request, CallContext context) => _serverStreaming!(request, new ClientCallContext(Contract, context));

    public ValueTask<TResponse> ClientStreamingValueTask(IAsyncEnumerable<TRequest> requests, CallContext context) =>
        _clientStreaming!(requests, new ClientCallContext(Contract, context));

    public Task<TResponse> ClientStreamingTask(IAsyncEnumerable<TRequest> requests, CallContext context) => ClientStreamingValueTask(requests, context).AsTask();

    public IAsyncEnumerable<TResponse> DuplexStreaming(IAsyncEnumerable<TRequest> requests, CallContext context) =>
        _duplexStreaming!(requests, new ClientCallContext(Contract, context));

    /// <summary>A server-streaming call to one replica, outside balancing, retries and interceptors (the health watch).</summary>
    public IAsyncEnumerable<TResponse> ServerStreamingTo(Subchannel subchannel, TRequest request, CancellationToken cancellationToken) =>
        GrpcCall<TRequest, TResponse>.ServerStreaming(this, new ClientCallContext(Contract, new CallContext(cancellationToken)), request, subchannel);

    private static T Chain<T>(T call, ClientInterceptor[] interceptors, Func<ClientInterceptor, T, T> wrap)
    {
        var next = call;
        for (var i = interceptors.Length - 1; i >= 0; i--)
        {
            next = wrap(interceptors[i], next);
        }
        return next;
    }
}
