namespace CodeFirst.Grpc.Client;

/// <summary>
/// Runs around calls a channel makes: override the shapes to intercept, and call <c>next</c> to continue (or throw, or
/// return without calling it, to short-circuit). Interceptors run in registration order
/// (<see cref="GrpcChannelOptions.Interceptors"/>); each may change the request metadata and options in the
/// <see cref="ClientCallContext"/>, and observes the result, the exception, the response metadata and the status.
/// </summary>
/// <example>
/// <code>
/// public sealed class CorrelationId : ClientInterceptor
/// {
///     public override ValueTask&lt;TResponse&gt; UnaryAsync&lt;TRequest, TResponse&gt;(TRequest request, ClientCallContext context, UnaryClientMethod&lt;TRequest, TResponse&gt; next)
///     {
///         context.RequestHeaders.Add("x-correlation-id", Guid.NewGuid().ToString("N"));
///         return next(request, context);
///     }
/// }
/// </code>
/// </example>
public abstract class ClientInterceptor
{
    /// <summary>Intercepts a unary call.</summary>
    public virtual ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ClientCallContext context, UnaryClientMethod<TRequest, TResponse> next)
        where TRequest : class
        where TResponse : class => next(request, context);

    /// <summary>Intercepts a server-streaming call; the call starts when the result is enumerated.</summary>
    public virtual IAsyncEnumerable<TResponse> ServerStreaming<TRequest, TResponse>(TRequest request, ClientCallContext context, ServerStreamingClientMethod<TRequest, TResponse> next)
        where TRequest : class
        where TResponse : class => next(request, context);

    /// <summary>Intercepts a client-streaming call.</summary>
    public virtual ValueTask<TResponse> ClientStreamingAsync<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ClientCallContext context, ClientStreamingClientMethod<TRequest, TResponse> next)
        where TRequest : class
        where TResponse : class => next(requests, context);

    /// <summary>Intercepts a duplex-streaming call; the call starts when the result is enumerated.</summary>
    public virtual IAsyncEnumerable<TResponse> DuplexStreaming<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ClientCallContext context, DuplexStreamingClientMethod<TRequest, TResponse> next)
        where TRequest : class
        where TResponse : class => next(requests, context);
}
