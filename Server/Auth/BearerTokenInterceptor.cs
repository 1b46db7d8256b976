using CodeFirst.Grpc;
using CodeFirst.Grpc.AspNetCore;

namespace CodeFirst.Orders.Server.Auth;

/// <summary>
/// Authenticates every call from its <c>authorization: Bearer &lt;token&gt;</c> header and makes the caller the
/// call's <see cref="ServerCallContext.User"/>; a missing or unknown token ends the call with UNAUTHENTICATED
/// before the service runs. Health checks and server reflection stay anonymous, as load balancers and tools
/// call them without credentials.
/// </summary>
internal sealed class BearerTokenInterceptor(TokenAuthenticator tokens) : ServerInterceptor
{
    private static readonly string[] AnonymousServices =
    [
        "/grpc.health.v1.Health/",
        "/grpc.reflection.v1.ServerReflection/",
        "/grpc.reflection.v1alpha.ServerReflection/",
    ];

    public override ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> next)
    {
        Authenticate(context);
        return next(request, context);
    }

    public override IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> next)
    {
        Authenticate(context);
        return next(request, context);
    }

    public override ValueTask<TResponse> ClientStreamingAsync<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> next)
    {
        Authenticate(context);
        return next(requests, context);
    }

    public override IAsyncEnumerable<TResponse> DuplexStreamingAsync<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> next)
    {
        Authenticate(context);
        return next(requests, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        foreach (var prefix in AnonymousServices)
        {
            if (context.Method.StartsWith(prefix, StringComparison.Ordinal))
            {
                return;
            }
        }
        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(header))
        {
            throw new RpcException(StatusCode.Unauthenticated, "No credentials: send the header 'authorization: Bearer <token>'.");
        }
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            throw new RpcException(StatusCode.Unauthenticated, "The authorization header is not 'Bearer <token>'.");
        }
        var principal = tokens.Authenticate(header.AsSpan(scheme.Length).Trim())
            ?? throw new RpcException(StatusCode.Unauthenticated, "The bearer token is not valid.");
        context.GetHttpContext().User = principal;
    }
}
