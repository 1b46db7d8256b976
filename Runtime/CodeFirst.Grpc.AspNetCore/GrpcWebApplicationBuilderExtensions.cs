using CodeFirst.Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore;

/// <summary>Adds the gRPC-Web adapter to the request pipeline.</summary>
public static class GrpcWebApplicationBuilderExtensions
{
    /// <summary>
    /// Serves gRPC-Web (<c>application/grpc-web</c>, <c>application/grpc-web-text</c>, each optionally <c>+proto</c>)
    /// for the services that enable it, over HTTP/1.1 and HTTP/2: the calls reach the services exactly as gRPC calls
    /// do. Call it after <c>UseRouting</c> (when the app calls that) and <c>UseCors</c>, before the endpoints run.
    /// Client-streaming and duplex methods answer gRPC-Web with <c>UNIMPLEMENTED</c>: browsers cannot stream requests.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="options">Whether services serve gRPC-Web by default; null is <c>new GrpcWebOptions()</c> (opt in per service).</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IApplicationBuilder UseGrpcWeb(this IApplicationBuilder app, GrpcWebOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var defaultEnabled = options?.DefaultEnabled ?? false;
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("CodeFirst.Grpc.Server");
        return app.Use(next => new GrpcWebMiddleware(next, defaultEnabled, logger).InvokeAsync);
    }
}
