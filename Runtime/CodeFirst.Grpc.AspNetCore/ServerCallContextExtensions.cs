using CodeFirst.Grpc.AspNetCore.Internal;
using Microsoft.AspNetCore.Http;

namespace CodeFirst.Grpc.AspNetCore;

/// <summary>ASP.NET Core specifics of a server call.</summary>
public static class ServerCallContextExtensions
{
    /// <summary>The ASP.NET Core <see cref="HttpContext"/> of the call (connection, features, raw headers).</summary>
    /// <exception cref="InvalidOperationException">The context is not from the ASP.NET Core server.</exception>
    public static HttpContext GetHttpContext(this ServerCallContext context) =>
        (context as HttpServerCallContext)?.HttpContext
        ?? throw new InvalidOperationException("This call context does not come from the ASP.NET Core gRPC server.");

    /// <summary>The <see cref="HttpContext"/> of a server-side <see cref="CallContext"/>.</summary>
    /// <exception cref="InvalidOperationException">The context is not a server call's.</exception>
    public static HttpContext GetHttpContext(this CallContext context) =>
        (context.ServerCallContext ?? throw new InvalidOperationException("This is not a server call's context.")).GetHttpContext();
}
