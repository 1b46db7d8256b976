using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>
/// Handles one method's calls: a template whose subclasses (one per call shape) only move messages.
/// Protocol rejections (content type, HTTP version, encoding, timeout syntax) happen before any
/// per-call state is allocated; the status, whatever ends the call, is written in one place.
/// </summary>
internal abstract class ServerCallHandler<TService>(MethodContract method, GrpcServerOptions options, ServiceActivator<TService> activator, ServerLifetime lifetime, ILogger logger)
    where TService : class
{
    protected MethodContract Method { get; } = method;

    public async Task HandleCallAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            RejectEarly(httpContext, StatusCodes.Status415UnsupportedMediaType,
                new Status(StatusCode.Internal, $"Content-Type '{request.ContentType}' is not supported; gRPC requires application/grpc."));
            return;
        }
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            RejectEarly(httpContext, StatusCodes.Status426UpgradeRequired,
                new Status(StatusCode.Internal, $"Request protocol '{request.Protocol}' is not supported; gRPC requires HTTP/2."));
            httpContext.Response.Headers.Upgrade = "HTTP/2";
            return;
        }
        string? encoding = request.Headers[GrpcProtocol.EncodingHeader];
        if (encoding is not (null or GrpcProtocol.Identity or GrpcProtocol.Gzip))
        {
            httpContext.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
            RejectEarly(httpContext, StatusCodes.Status200OK,
                new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding}'; this server supports {GrpcProtocol.SupportedEncodings}."));
            return;
        }
        TimeSpan? timeout = null;
        if (request.Headers[GrpcProtocol.TimeoutHeader] is { Count: > 0 } timeoutHeader)
        {
            if (!GrpcProtocol.TryParseTimeout(timeoutHeader, out var parsed))
            {
                RejectEarly(httpContext, StatusCodes.Status200OK,
                    new Status(StatusCode.Internal, $"Malformed grpc-timeout header '{timeoutHeader}'."));
                return;
            }
            timeout = parsed;
        }
        if (lifetime.IsDraining)
        {
            RejectEarly(httpContext, StatusCodes.Status200OK, new Status(StatusCode.Unavailable, "The server is shutting down."));
            return;
        }
        // A streaming call's body has no natural size; message sizes are limited per message instead.
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }
        // A client or duplex stream may rightly stay quiet for long: Kestrel's minimum request data rate (240 B/s
        // after 5 s) would abort it.
        if (Method.Shape.Request == RequestForm.Stream && httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } dataRate)
        {
            dataRate.MinDataRate = null;
        }

        using var call = new HttpServerCallContext(httpContext, Method, options, timeout, encoding);
        using var activity = GrpcServerDiagnostics.StartCall(Method);
        GrpcServerLog.CallStarting(logger, Method.Path);
        lifetime.Register(call);
        TService? service = null;
        var created = false;
        try
        {
            service = activator.Create(httpContext, out created);
            call.Service = service;
            call.Interceptors = options.Interceptors.Resolve(httpContext);
            var handler = HandleCoreAsync(call);
            if (call.HasDeadline && !handler.IsCompleted
                && await Task.WhenAny(handler, call.DeadlineReached) != handler)
            {
                await CompleteAfterDeadlineAsync(call, handler);
                return;
            }
            await handler;
            Complete(call, call.Status, null);
        }
        catch (Exception exception)
        {
            Complete(call, ToStatus(call, exception, out var details), details);
        }
        finally
        {
            lifetime.Unregister(call);
            GrpcServerDiagnostics.EndCall(activity, Method, call.CompletedStatus, call.StartTimestamp);
            if (service is not null)
            {
                await activator.ReleaseAsync(service, created);
            }
        }
    }

    /// <summary>Moves the call's messages: read the request(s), run the pipeline, write the response(s).</summary>
    protected abstract Task HandleCoreAsync(HttpServerCallContext call);

    /// <summary>
    /// The method's pipeline, built once: the interceptors (the first registered outermost) in front of
    /// <paramref name="method"/>; each shape supplies how the interceptor at an index wraps the rest. Per call,
    /// the interceptors and the service instance come from the call (<see cref="InterceptorOf"/>, <see cref="ServiceOf"/>).
    /// </summary>
    protected TMethod Pipeline<TMethod>(TMethod method, Func<int, TMethod, TMethod> wrap)
    {
        var next = method;
        for (var i = options.Interceptors.Count - 1; i >= 0; i--)
        {
            next = wrap(i, next);
        }
        return next;
    }

    /// <summary>The service instance serving the call <paramref name="context"/> belongs to.</summary>
    protected static TService ServiceOf(ServerCallContext context) => (TService)CallOf(context).Service!;

    /// <summary>The call's interceptor at <paramref name="index"/>.</summary>
    protected static ServerInterceptor InterceptorOf(ServerCallContext context, int index) => CallOf(context).Interceptors[index];

    private static HttpServerCallContext CallOf(ServerCallContext context) =>
        context as HttpServerCallContext
        ?? throw new InvalidOperationException($"An interceptor called next with a {context.GetType().Name}; pass on the ServerCallContext it was given.");

    /// <summary>
    /// Reads the one request message of a unary or server-streaming call. A ValueTask: the body is usually buffered
    /// already, and then this completes without allocating a task for the message.
    /// </summary>
    protected static async ValueTask<TRequest> ReadSingleRequestAsync<TRequest>(HttpServerCallContext call)
        where TRequest : class
    {
        var (message, more) = await MessageFraming.ReadSingleMessageAsync<TRequest>(call.HttpContext.Request.BodyReader, call.RequestFraming, call.CancellationToken);
        if (message is null)
        {
            throw new RpcException(StatusCode.Internal, "The request ended without a message; this method takes exactly one.");
        }
        if (more)
        {
            throw new RpcException(StatusCode.Internal, "The request has more than one message; this method takes exactly one.");
        }
        return message;
    }

    /// <summary>
    /// Writes the one response message of a unary or client-streaming call, unflushed: it goes out with the status
    /// when the call completes. A null message is the service's mistake.
    /// </summary>
    protected static ValueTask WriteResponseAsync<TResponse>(HttpServerCallContext call, TResponse? message)
        where TResponse : class =>
        call.WriteMessageAsync(NotNull(call, message), flush: false);

    /// <summary>Writes, and flushes, every message of a server-streaming or duplex method's response stream.</summary>
    protected static async Task WriteResponsesAsync<TResponse>(HttpServerCallContext call, IAsyncEnumerable<TResponse> responses)
        where TResponse : class
    {
        await foreach (var message in responses.WithCancellation(call.CancellationToken))
        {
            await call.WriteMessageAsync(NotNull(call, message), flush: true);
        }
    }

    private static TResponse NotNull<TResponse>(HttpServerCallContext call, TResponse? message)
        where TResponse : class =>
        message ?? throw new RpcException(StatusCode.Internal, $"{call.Method} returned a null response message.");

    private async Task CompleteAfterDeadlineAsync(HttpServerCallContext call, Task handler)
    {
        // The client gets DEADLINE_EXCEEDED now; the handler, whose token has fired, is still awaited so
        // the HttpContext outlives it.
        var writeLock = call.WriteLock!;
        await writeLock.WaitAsync();
        try
        {
            Complete(call, new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), null);
            await call.HttpContext.Response.CompleteAsync();
        }
        finally
        {
            writeLock.Release();
        }
        try
        {
            await handler;
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException or IOException)
        {
            // Expected: the handler saw its cancelled token after the deadline.
        }
    }

    private void Complete(HttpServerCallContext call, Status status, byte[]? details)
    {
        if (!call.IsCompleted)
        {
            if (status.StatusCode == StatusCode.OK && call.DeadlineExceeded)
            {
                status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
            }
            call.Complete(status, details);
            GrpcServerLog.CallCompleted(logger, Method.Path, status.StatusCode, call.StartTimestamp);
        }
    }

    private Status ToStatus(HttpServerCallContext call, Exception exception, out byte[]? details)
    {
        details = null;
        switch (exception)
        {
            case RpcException rpc:
                foreach (var entry in rpc.Trailers)
                {
                    call.ResponseTrailers.Add(entry);
                }
                details = EncodeDetails(rpc);
                return rpc.Status;
            case OperationCanceledException or IOException when call.ShuttingDown:
                return new Status(StatusCode.Unavailable, "The server is shutting down.");
            case OperationCanceledException or IOException when call.DeadlineExceeded:
                return new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
            case OperationCanceledException or IOException when call.HttpContext.RequestAborted.IsCancellationRequested:
                return new Status(StatusCode.Cancelled, "Cancelled by the client.");
            default:
                GrpcServerLog.HandlerFailed(logger, Method.Path, exception);
                return new Status(StatusCode.Unknown, options.EnableDetailedErrors
                    ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                    : "Exception was thrown by handler.");
        }
    }

    /// <summary>
    /// The rich details of <paramref name="rpc"/>, encoded; a detail that is not a message contract is the service's
    /// bug, logged, and the status still goes out without details rather than the call failing to end.
    /// </summary>
    private byte[]? EncodeDetails(RpcException rpc)
    {
        if (rpc.Details.Count == 0)
        {
            return null;
        }
        try
        {
            return RichStatus.Encode(rpc.Status, rpc.Details);
        }
        catch (InvalidContractException e)
        {
            GrpcServerLog.HandlerFailed(logger, Method.Path, e);
            return null;
        }
    }

    /// <summary>A response before any call state: an HTTP status plus the gRPC status in the headers (trailers-only).</summary>
    private static void RejectEarly(HttpContext httpContext, int httpStatus, Status status)
    {
        httpContext.Response.StatusCode = httpStatus;
        StatusResponse.WriteTrailersOnly(httpContext.Response, status);
    }
}
