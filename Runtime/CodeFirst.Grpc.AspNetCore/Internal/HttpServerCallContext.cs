using System.Diagnostics;
using System.Security.Claims;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>The server side of one call over an ASP.NET Core <see cref="HttpContext"/>.</summary>
internal sealed class HttpServerCallContext : ServerCallContext, IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationTokenSource? _deadline;
    private readonly TaskCompletionSource? _deadlineReached;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private string? _responseCompression;
    private bool _responseHeadersFixed;
    private readonly MethodContract _method;
    private bool _completed;

    public HttpServerCallContext(HttpContext httpContext, MethodContract method, GrpcServerOptions options, TimeSpan? timeout, string? requestEncoding)
    {
        HttpContext = httpContext;
        _method = method;
        RequestFraming = new MessageFrameOptions("request", options.MaxReceiveMessageSize, requestEncoding);
        ResponseFraming = new MessageFrameOptions("response", options.MaxSendMessageSize, null);
        _responseCompression = options.ResponseCompression;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);
        if (timeout is { } after)
        {
            Deadline = DateTime.UtcNow + after;
            _deadlineReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _deadline = new CancellationTokenSource(after);
            _deadline.Token.Register(static state => ((HttpServerCallContext)state!).OnDeadline(), this);
            WriteLock = new SemaphoreSlim(1, 1);
        }
        else
        {
            Deadline = DateTime.MaxValue;
        }
    }

    public HttpContext HttpContext { get; }

    /// <summary>The service instance serving the call, for the method at the end of the pipeline.</summary>
    public object? Service { get; set; }

    /// <summary>The call's interceptors, in the order they run.</summary>
    public ServerInterceptor[] Interceptors { get; set; } = [];

    /// <summary>How request messages are read: the receive limit and the request's encoding.</summary>
    public MessageFrameOptions RequestFraming { get; }

    /// <summary>How response messages are written: the send limit and the encoding chosen when the response starts.</summary>
    public MessageFrameOptions ResponseFraming { get; private set; }

    /// <summary>True once shutdown has cancelled this call.</summary>
    public bool ShuttingDown { get; private set; }

    /// <summary>The status the call was completed with (OK until then).</summary>
    public StatusCode CompletedStatus { get; private set; }

    /// <summary>Cancels the call because the server is stopping; it ends with UNAVAILABLE.</summary>
    public void CancelForShutdown()
    {
        ShuttingDown = true;
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended meanwhile.
        }
    }

    /// <summary>True once the deadline has passed.</summary>
    public bool DeadlineExceeded { get; private set; }

    public bool HasDeadline => _deadline is not null;

    /// <summary>Completes when the deadline passes; only for calls that have one (<see cref="HasDeadline"/>).</summary>
    public Task DeadlineReached => _deadlineReached!.Task;

    /// <summary>
    /// Serialises message writes with the deadline's completion of the response; only a call with a
    /// deadline can be completed from outside its handler, so only such a call has one.
    /// </summary>
    public SemaphoreSlim? WriteLock { get; }

    /// <summary>When the call started (<see cref="Stopwatch.GetTimestamp"/>); the elapsed time is read only by whoever records it.</summary>
    public long StartTimestamp { get; } = Stopwatch.GetTimestamp();

    public override string Method => _method.Path;

    public override string Peer => HttpContext.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } address => $"ipv6:[{address}]:{HttpContext.Connection.RemotePort}",
        var address => $"ipv4:{address}:{HttpContext.Connection.RemotePort}",
    };

    public override DateTime Deadline { get; }

    public override Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders();

    public override Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    public override CancellationToken CancellationToken => _cancellation.Token;

    public override ClaimsPrincipal User => HttpContext.User;

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public override string? ResponseCompression
    {
        get => _responseCompression;
        set
        {
            if (ResponseStarted)
            {
                throw new InvalidOperationException("Response compression must be chosen before the response starts.");
            }
            if (value is not (null or GrpcProtocol.Gzip or GrpcProtocol.Identity))
            {
                throw new ArgumentException($"Unsupported response compression '{value}'; use \"gzip\" or null.", nameof(value));
            }
            _responseCompression = value;
        }
    }

    public override async Task WriteResponseHeadersAsync(Metadata headers)
    {
        using var write = await BeginWriteAsync();
        if (ResponseStarted)
        {
            throw new InvalidOperationException("Response headers have already been sent.");
        }
        AppendMetadata(headers, trailers: false);
        PrepareResponse();
        await HttpContext.Response.StartAsync(CancellationToken);
        // Kestrel holds started headers until body data or the end of the call: flush so they go out now.
        await HttpContext.Response.BodyWriter.FlushAsync(CancellationToken);
    }

    /// <summary>
    /// Writes one response message, unless the call has already ended (its deadline completed it). A streamed message
    /// is flushed so the client sees it now; the only message of a unary or client-streaming call is not: it leaves
    /// with the trailers when the call completes, so Kestrel sends headers, message and status in one write.
    /// </summary>
    public async ValueTask WriteMessageAsync<T>(T message, bool flush)
        where T : class
    {
        using var write = await BeginWriteAsync();
        PrepareResponse();
        var writer = HttpContext.Response.BodyWriter;
        MessageFraming.WriteMessage(writer, message, ResponseFraming);
        if (flush)
        {
            await writer.FlushAsync(CancellationToken);
        }
    }

    /// <summary>
    /// Enters the response for writing. With a deadline, writes are serialised with the deadline's completion
    /// (<see cref="WriteLock"/>): once the call has ended, the token has fired and nothing more is written.
    /// </summary>
    private async ValueTask<WriteScope> BeginWriteAsync()
    {
        if (WriteLock is { } writeLock)
        {
            await writeLock.WaitAsync(CancellationToken);
        }
        var scope = new WriteScope(WriteLock);
        if (CancellationToken.IsCancellationRequested)
        {
            scope.Dispose();
            CancellationToken.ThrowIfCancellationRequested();
        }
        return scope;
    }

    private readonly struct WriteScope(SemaphoreSlim? writeLock) : IDisposable
    {
        public void Dispose() => writeLock?.Release();
    }

    /// <summary>
    /// True once the response has headers, not a trailers-only status: they were sent, or a message is written (an
    /// unflushed one, which Kestrel does not count as started, is sent with them when the call completes).
    /// </summary>
    private bool ResponseStarted => _responseHeadersFixed || HttpContext.Response.HasStarted;

    /// <summary>Sets the response's content type and encoding headers, once; called before the first byte of the body.</summary>
    private void PrepareResponse()
    {
        if (ResponseStarted)
        {
            return;
        }
        _responseHeadersFixed = true;
        var response = HttpContext.Response;
        response.ContentType = GrpcProtocol.ContentType;
        if (_responseCompression is GrpcProtocol.Gzip
            && GrpcProtocol.Accepts(HttpContext.Request.Headers[GrpcProtocol.AcceptEncodingHeader], GrpcProtocol.Gzip))
        {
            ResponseFraming = ResponseFraming with { Encoding = GrpcProtocol.Gzip };
            response.Headers[GrpcProtocol.EncodingHeader] = GrpcProtocol.Gzip;
        }
    }

    /// <summary>
    /// Ends the call with <paramref name="status"/>: as trailers after a started response, or as a
    /// trailers-only response (status in the headers) when nothing was sent. Only the first call wins.
    /// </summary>
    public void Complete(Status status, byte[]? statusDetails)
    {
        if (_completed)
        {
            return;
        }
        _completed = true;
        CompletedStatus = status.StatusCode;
        var response = HttpContext.Response;
        var trailersOnly = !ResponseStarted;
        if (trailersOnly)
        {
            StatusResponse.WriteTrailersOnly(response, status);
        }
        else
        {
            StatusResponse.AppendStatusTrailers(response, status);
        }
        if (statusDetails is not null)
        {
            Append(GrpcProtocol.StatusDetailsTrailer, GrpcProtocol.EncodeBinaryHeader(statusDetails), trailers: !trailersOnly);
        }
        if (_responseTrailers is not null)
        {
            AppendMetadata(_responseTrailers, trailers: !trailersOnly);
        }
    }

    /// <summary>Sends application metadata as headers or trailers; protocol and status keys in it are ignored.</summary>
    private void AppendMetadata(Metadata metadata, bool trailers)
    {
        foreach (var entry in metadata)
        {
            if (!GrpcProtocol.IsProtocolHeader(entry.Key))
            {
                Append(entry.Key, GrpcProtocol.HeaderValue(entry), trailers);
            }
        }
    }

    private void Append(string key, string value, bool trailers)
    {
        if (trailers)
        {
            HttpContext.Response.AppendTrailer(key, value);
        }
        else
        {
            HttpContext.Response.Headers.Append(key, value);
        }
    }

    public bool IsCompleted => _completed;

    private void OnDeadline()
    {
        DeadlineExceeded = true;
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        _deadlineReached!.TrySetResult();
    }

    private Metadata ReadRequestHeaders()
    {
        var metadata = new Metadata();
        foreach (var (key, values) in HttpContext.Request.Headers)
        {
            if (GrpcProtocol.IsReservedHeader(key))
            {
                continue;
            }
            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }
                try
                {
                    // A header metadata cannot represent (non-ASCII, odd key) is left out, not fatal.
                    metadata.TryAddReceived(key, value);
                }
                catch (FormatException)
                {
                    throw new RpcException(StatusCode.Internal, $"Header '{key}' is not valid base64.");
                }
            }
        }
        return metadata;
    }

    public void Dispose()
    {
        _deadline?.Dispose();
        _cancellation.Dispose();
        WriteLock?.Dispose();
    }
}
