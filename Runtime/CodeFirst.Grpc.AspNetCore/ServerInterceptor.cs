namespace CodeFirst.Grpc.AspNetCore;

/// <summary>
/// Runs around service methods: override the shapes to intercept, and call <c>next</c> with the context given to
/// continue (or throw an <see cref="RpcException"/>, or return without calling it, to short-circuit). Interceptors run in
/// registration order (<see cref="GrpcServerOptions.Interceptors"/>); each sees the request metadata
/// (<see cref="ServerCallContext.RequestHeaders"/>, which it may change for the rest of the pipeline), may add
/// <see cref="ServerCallContext.ResponseTrailers"/>, and observes the result or the exception of what follows.
/// </summary>
/// <example>
/// <code>
/// public sealed class RequireTenant : ServerInterceptor
/// {
///     public override ValueTask&lt;TResponse&gt; UnaryAsync&lt;TRequest, TResponse&gt;(TRequest request, ServerCallContext context, UnaryServerMethod&lt;TRequest, TResponse&gt; next) =>
///         context.RequestHeaders.GetValue("tenant") is null
///             ? throw new RpcException(StatusCode.InvalidArgument, "The tenant header is required.")
///             : next(request, context);
/// }
/// </code>
/// </example>
public abstract class ServerInterceptor
{
    /// <summary>Intercepts a unary call.</summary>
    public virtual ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> next)
        where TRequest : class
        where TResponse : class => next(request, context);

    /// <summary>Intercepts a server-streaming call.</summary>
    public virtual IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> next)
        where TRequest : class
        where TResponse : class => next(request, context);

    /// <summary>Intercepts a client-streaming call.</summary>
    public virtual ValueTask<TResponse> ClientStreamingAsync<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> next)
        where TRequest : class
        where TResponse : class => next(requests, context);

    /// <summary>Intercepts a duplex-streaming call.</summary>
    public virtual IAsyncEnumerable<TResponse> DuplexStreamingAsync<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> next)
        where TRequest : class
        where TResponse : class => next(requests, context);
}
