using CodeFirst.Grpc.AspNetCore.Internal;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore.Web;

/// <summary>
/// Serves gRPC-Web by adapting it to gRPC in front of the endpoint: a gRPC-Web request to an endpoint that has it
/// enabled is shown to the server as <c>application/grpc</c> over HTTP/2 (<see cref="GrpcWebFeature"/>), and the
/// response is turned back into gRPC-Web. Every other request passes through untouched.
/// </summary>
internal sealed class GrpcWebMiddleware(RequestDelegate next, bool defaultEnabled, ILogger logger)
{
    public Task InvokeAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var mode = HttpMethods.IsPost(request.Method) ? GrpcWebProtocol.GetMode(request.ContentType) : GrpcWebMode.None;
        if (mode == GrpcWebMode.None)
        {
            return next(httpContext);
        }
        var metadata = httpContext.GetEndpoint()?.Metadata;
        if (!(metadata?.GetMetadata<GrpcWebEndpointMetadata>()?.IsEnabled ?? defaultEnabled))
        {
            GrpcWebLog.NotEnabled(logger, request.Path);
            return next(httpContext);
        }
        return AdaptAsync(httpContext, mode, metadata?.GetMetadata<MethodContract>());
    }

    private async Task AdaptAsync(HttpContext httpContext, GrpcWebMode mode, MethodContract? method)
    {
        var request = httpContext.Request;
        var requestContentType = request.ContentType!;
        GrpcWebLog.Adapting(logger, requestContentType, request.Path);
        var responseContentType = GrpcWebProtocol.ResponseContentType(mode, requestContentType);
        httpContext.Response.OnStarting(() =>
        {
            // The server answers application/grpc; anything else (a 404, a 415) is left as it is.
            if (GrpcProtocol.IsGrpcContentType(httpContext.Response.ContentType))
            {
                httpContext.Response.ContentType = responseContentType;
            }
            return Task.CompletedTask;
        });
        var feature = new GrpcWebFeature(httpContext, mode);
        try
        {
            if (method is { Shape.Request: RequestForm.Stream })
            {
                GrpcWebLog.StreamingRequestRefused(logger, method.Path);
                StatusResponse.WriteTrailersOnly(httpContext.Response, new Status(StatusCode.Unimplemented,
                    $"{method.Path} is {(method.Type == MethodType.ClientStreaming ? "client" : "duplex")} streaming; gRPC-Web (browsers) cannot stream requests. Call it over gRPC (HTTP/2)."));
                return;
            }
            request.ContentType = GrpcProtocol.ContentType;
            await next(httpContext);
            // A response the server ended early (deadline) already has its trailer frame; this writes it otherwise.
            await feature.WriteTrailersAsync();
        }
        finally
        {
            feature.Detach(httpContext);
            request.ContentType = requestContentType;
        }
    }
}
