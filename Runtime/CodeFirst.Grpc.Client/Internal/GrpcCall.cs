using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>
/// One call, from its first attempt to its status. Attempts go to replicas the channel's balancer picks; a failed
/// attempt is tried again per the method's retry policy until a response is committed (its headers arrived), and
/// once without counting when it never left the client. Every failure ends as an <see cref="RpcException"/> (or,
/// when the caller's request stream threw, as that exception).
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse>
    where TRequest : class
    where TResponse : class
{
    private const string UserAgent = "codefirst-grpc-dotnet/1.0";

    private readonly ClientMethod<TRequest, TResponse> _method;
    private readonly ClientCallContext _context;
    private readonly Subchannel? _pinned;
    private CancellationTokenSource? _cancellation;
    private CancellationTokenRegistration _abortOnCancel;
    private DateTime? _deadline;
    private string? _requestEncoding;
    private Metadata? _credentialHeaders;
    private RequestFrame? _frame;
    private RequestStreamSource<TRequest>? _requestStream;
    private HttpResponseMessage? _response;
    private PipeReader? _reader;
    private string? _responseEncoding;
    private CancellationToken _enumeratorToken;
    private bool _completed;
    private bool _trailersOnly;
    private int _responseDisposed;

    public GrpcCall(ClientMethod<TRequest, TResponse> method, ClientCallContext context, Subchannel? pinned = null)
    {
        _method = method;
        _context = context;
        _pinned = pinned;
    }

    private CancellationToken Token => _cancellation?.Token ?? CancellationToken.None;

    public ValueTask<TResponse> UnaryAsync(TRequest request) => SingleResponseAsync(request, null, streamsRequests: false);

    public ValueTask<TResponse> ClientStreamingAsync(IAsyncEnumerable<TRequest> requests) => SingleResponseAsync(null, requests, streamsRequests: true);

    /// <summary>A server-streaming call; each enumeration of the result is a call of its own.</summary>
    public static IAsyncEnumerable<TResponse> ServerStreaming(ClientMethod<TRequest, TResponse> method, ClientCallContext context, TRequest request, Subchannel? pinned = null) =>
        ResponseStreamAsync(method, context, pinned, request, null, streamsRequests: false);

    /// <summary>A duplex-streaming call; each enumeration of the result is a call of its own.</summary>
    public static IAsyncEnumerable<TResponse> DuplexStreaming(ClientMethod<TRequest, TResponse> method, ClientCallContext context, IAsyncEnumerable<TRequest> requests) =>
        ResponseStreamAsync(method, context, null, null, requests, streamsRequests: true);

    /// <summary>
    /// A unary or client-streaming call: set up, attempts, then exactly one response message. The steps are inline,
    /// not async helpers of their own: each async layer that waits is one more state machine per call. The state
    /// machine is pooled (a ValueTask is awaited once, which is the caller's contract); a Task-returning contract
    /// method wraps it with AsTask.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResponse> SingleResponseAsync(TRequest? request, IAsyncEnumerable<TRequest>? requests, bool streamsRequests)
    {
        try
        {
            await SetupAsync(default, streamsRequests);
            CreateBody(request, requests, streamsRequests);
            await StartAsync();
            var message = await ReadMessageAsync();
            if (message is null)
            {
                Finish();
                throw Complete(new Status(StatusCode.Internal, "The response ended without a message; the method returns exactly one."));
            }
            if (await ReadMessageAsync() is not null)
            {
                throw Complete(new Status(StatusCode.Internal, "The response has more than one message; the method returns exactly one."));
            }
            Finish();
            return message;
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
        finally
        {
            await DisposeAsync();
        }
    }

    private static async IAsyncEnumerable<TResponse> ResponseStreamAsync(ClientMethod<TRequest, TResponse> method, ClientCallContext context, Subchannel? pinned,
        TRequest? request, IAsyncEnumerable<TRequest>? requests, bool streamsRequests, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = new GrpcCall<TRequest, TResponse>(method, context, pinned);
        try
        {
            // An iterator cannot catch around a yield, so each step is caught on its own; the loop adds no state
            // machine per message beyond the framing's own read.
            try
            {
                await call.SetupAsync(cancellationToken, streamsRequests);
                call.CreateBody(request, requests, streamsRequests);
                await call.StartAsync();
            }
            catch (Exception e)
            {
                throw call.Fail(e);
            }
            while (true)
            {
                TResponse? message;
                try
                {
                    message = await call.ReadMessageAsync();
                    if (message is null)
                    {
                        call.Finish();
                        yield break;
                    }
                }
                catch (Exception e)
                {
                    throw call.Fail(e);
                }
                yield return message;
            }
        }
        finally
        {
            await call.DisposeAsync();
        }
    }

    /// <summary>What every attempt sends: the framed request, or the caller's request stream.</summary>
    private void CreateBody(TRequest? request, IAsyncEnumerable<TRequest>? requests, bool streamsRequests)
    {
        if (streamsRequests)
        {
            _requestStream = CreateRequestStream(requests!);
        }
        else
        {
            _frame = CreateFrame(request!);
        }
    }

    private ValueTask<TResponse?> ReadMessageAsync() =>
        _reader is null ? ValueTask.FromResult<TResponse?>(null) : MessageFraming.ReadMessageAsync<TResponse>(_reader, ResponseFraming, Token);

    /// <summary>
    /// The deadline, cancellation, compression and credentials of the call, before any attempt. A call with a request
    /// stream always gets a token of its own: ending the call must stop the caller's enumerable.
    /// </summary>
    private async ValueTask SetupAsync(CancellationToken enumeratorToken, bool streamsRequests)
    {
        _enumeratorToken = enumeratorToken;
        ObjectDisposedException.ThrowIf(Channel.IsDisposed, Channel);
        _deadline = _context.Deadline is { Kind: DateTimeKind.Local } local ? local.ToUniversalTime()
            : _context.Deadline ?? (Channel.Options.DefaultTimeout is { } timeout ? DateTime.UtcNow + timeout : null);
        var callerToken = _context.CancellationToken;
        if (callerToken.IsCancellationRequested || enumeratorToken.IsCancellationRequested)
        {
            throw Complete(CancelledStatus);
        }
        if (_deadline is not null || callerToken.CanBeCanceled || enumeratorToken.CanBeCanceled || streamsRequests)
        {
            _cancellation = enumeratorToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(callerToken, enumeratorToken)
                : callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken) : new CancellationTokenSource();
            if (_deadline is { } due)
            {
                var remaining = due - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    throw Complete(DeadlineStatus);
                }
                _cancellation.CancelAfter(remaining);
            }
        }
        _requestEncoding = (_context.Compression ?? Channel.Options.Compression) switch
        {
            null or GrpcProtocol.Identity => null,
            GrpcProtocol.Gzip => GrpcProtocol.Gzip,
            var other => throw Complete(new Status(StatusCode.Internal, $"Unsupported request compression '{other}'; use \"gzip\" or \"identity\".")),
        };
        if (Channel.Options.Credentials is { } channelCredentials)
        {
            _credentialHeaders = [];
            await channelCredentials.ApplyAsync(_credentialHeaders, Token);
        }
        if (_context.Credentials is { } callCredentials)
        {
            // The call's credentials override the channel's: whatever keys they set replace the channel's entries.
            var own = new Metadata();
            await callCredentials.ApplyAsync(own, Token);
            _credentialHeaders = ClientMetadata.Override(_credentialHeaders, own);
        }
    }

    // The call's object is allocated per call: what the channel already holds (the channel, the size limits) is read
    // from there rather than copied into fields.
    private GrpcChannel Channel => _method.Channel;

    private MessageFrameOptions RequestFraming => new("request", Channel.Options.MaxSendMessageSize, _requestEncoding);

    private MessageFrameOptions ResponseFraming => new("response", Channel.Options.MaxReceiveMessageSize, _responseEncoding);

    private RequestFrame CreateFrame(TRequest request) =>
        RequestFrame.Create(request ?? throw Complete(new Status(StatusCode.Internal, "The request message is null.")), RequestFraming);

    private RequestStreamSource<TRequest> CreateRequestStream(IAsyncEnumerable<TRequest> requests)
    {
        var retryable = _pinned is null && _method.RetryPolicy is not null;
        return new RequestStreamSource<TRequest>(requests ?? throw Complete(new Status(StatusCode.Internal, "The request stream is null.")), RequestFraming, Token,
            retryable ? Channel.RetryBudget : null, Channel.Options.MaxRetryBufferPerCallSize);
    }

    /// <summary>
    /// Makes attempts until one's response is committed (normal headers arrived) or the call fails. Its state machine
    /// is pooled: the call awaits it once, and it always waits (for the response headers).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask StartAsync()
    {
        var policy = _pinned is null ? _method.RetryPolicy : null;
        var attempts = 0;
        var transparentRetries = 0;
        while (true)
        {
            var subchannel = _pinned ?? await Channel.Balancer.PickAsync(Token);
            CheckCredentialsAllowed(subchannel);
            Status status;
            var trailers = Metadata.Empty;
            HttpHeaders? statusHeaders = null;
            string? pushback = null;
            var neverSent = false;
            HttpResponseMessage? response = null;
            try
            {
                response = await Channel.Invoker.SendAsync(CreateRequest(subchannel, attempts), Token);
                var headerStatus = ClientStatus.FromResponseHeaders(response);
                if (headerStatus is null || headerStatus.Value.StatusCode == StatusCode.OK)
                {
                    await CommitAsync(response, trailersOnly: headerStatus is not null);
                    return;
                }
                status = headerStatus.Value;
                statusHeaders = response.Headers;
                trailers = ClientMetadata.FromHeaders(response.Headers);
                if (response.Headers.NonValidated.TryGetValues(GrpcProtocol.RetryPushbackTrailer, out var values))
                {
                    pushback = values.ToString();
                }
            }
            catch (Exception e) when (!Token.IsCancellationRequested && ClientStatus.IsTransportFailure(e) && _requestStream?.Failure is null)
            {
                status = ClientStatus.FromException(e);
                neverSent = ClientStatus.NeverSent(e);
                if (ClientStatus.IsConnectionFailure(e))
                {
                    subchannel.ReportConnectionFailure();
                }
            }
            response?.Dispose();
            if (_requestStream is not null)
            {
                await _requestStream.WhenWriterStoppedAsync();
                _requestStream.Failure?.Throw();
            }
            var replayable = _requestStream is null || _requestStream.CanReplay || !_requestStream.Started;
            if (neverSent && replayable && _pinned is null && transparentRetries < Channel.Balancer.Subchannels.Count - 1)
            {
                // It never reached a server: another replica may take it, without counting as an attempt.
                transparentRetries++;
                continue;
            }
            attempts++;
            if (policy is not null && replayable
                && RetryRules.NextDelay(policy, attempts, status.StatusCode, pushback, Random.Shared.NextDouble()) is { } delay
                && (_deadline is not { } deadline || DateTime.UtcNow + delay < deadline))
            {
                await Task.Delay(delay, Token);
                continue;
            }
            throw Complete(status, trailers, statusHeaders);
        }
    }

    private HttpRequestMessage CreateRequest(Subchannel subchannel, int previousAttempts)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, subchannel.GetUri(_method.Contract))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = _requestStream is null ? new SingleMessageContent(_frame!) : new StreamingContent<TRequest>(_requestStream),
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("te", "trailers");
        headers.TryAddWithoutValidation("user-agent", UserAgent);
        if (subchannel.Authority is { } authority)
        {
            headers.Host = authority;
        }
        if (_deadline is { } deadline)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcProtocol.FormatTimeout(deadline - DateTime.UtcNow));
        }
        if (_requestEncoding is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, _requestEncoding);
        }
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (previousAttempts > 0)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.PreviousRpcAttemptsHeader, previousAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (_context.RequestHeadersOrNull is { } metadata)
        {
            ClientMetadata.AddTo(headers, metadata);
        }
        if (_credentialHeaders is not null)
        {
            // The credentials' entries replace the call's own (an authorization header in its metadata, say).
            foreach (var entry in _credentialHeaders)
            {
                if (!ClientMetadata.IsSetByTheClient(entry.Key))
                {
                    headers.Remove(entry.Key);
                }
            }
            ClientMetadata.AddTo(headers, _credentialHeaders);
        }
        return request;
    }

    private void CheckCredentialsAllowed(Subchannel subchannel)
    {
        if (_credentialHeaders is not null && !subchannel.IsSecure && !subchannel.Address.IsLoopback && !Channel.Options.AllowInsecureCredentials)
        {
            throw Complete(new Status(StatusCode.Unauthenticated,
                $"Refusing to send credentials in plaintext to {subchannel.Address.Authority}: use https://, or set GrpcChannelOptions.AllowInsecureCredentials."));
        }
    }

    /// <summary>
    /// The attempt's headers arrived: this is the call's response from now on, and it is never retried. A
    /// trailers-only OK (no messages) has its status in the headers and no body to read.
    /// </summary>
    private async ValueTask CommitAsync(HttpResponseMessage response, bool trailersOnly)
    {
        _response = response;
        _trailersOnly = trailersOnly;
        if (trailersOnly)
        {
            return;
        }
        _context.SetResponseHeaders(response.Headers);
        string? encoding = null;
        if (response.Headers.NonValidated.TryGetValues(GrpcProtocol.EncodingHeader, out var values))
        {
            encoding = values.ToString();
            if (encoding is not (GrpcProtocol.Identity or GrpcProtocol.Gzip))
            {
                throw Complete(new Status(StatusCode.Internal, $"The response uses grpc-encoding '{encoding}', which this client does not support."));
            }
        }
        _responseEncoding = encoding;
        _reader = new ResponseBodyReader(await ReadBodyAsync(response));
        if (Token.CanBeCanceled)
        {
            // Cancellation while the caller is not reading (a duplex call busy writing) still resets the stream.
            _abortOnCancel = Token.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).DisposeResponse(), this);
        }
    }

    /// <summary>
    /// The response body's stream. SocketsHttpHandler's response content has its stream at hand, so the channel's own
    /// handler is asked synchronously (the asynchronous form allocates a task per call); another handler's content
    /// may have to produce it, which must not block.
    /// </summary>
    private ValueTask<Stream> ReadBodyAsync(HttpResponseMessage response) =>
        Channel.OwnsHandler ? new(response.Content.ReadAsStream(Token)) : new(response.Content.ReadAsStreamAsync(Token));

    /// <summary>Reads the status from the trailers once the last message has been read; throws unless it is OK.</summary>
    private void Finish()
    {
        HttpHeaders trailingHeaders = _trailersOnly ? _response!.Headers : _response!.TrailingHeaders;
        var status = ClientStatus.TryGetStatus(trailingHeaders, out var received) ? received : ClientStatus.MissingStatus;
        var trailers = ClientMetadata.FromHeaders(trailingHeaders);
        if (status.StatusCode != StatusCode.OK)
        {
            throw Complete(status, trailers, trailingHeaders);
        }
        Record(status, trailers);
    }

    /// <summary>Records how the call ended and makes the exception its caller sees.</summary>
    private RpcException Complete(Status status, Metadata? trailers = null, HttpHeaders? statusHeaders = null)
    {
        var exception = ClientStatus.ToException(status, trailers ?? Metadata.Empty, statusHeaders);
        Record(status, exception.Trailers);
        return exception;
    }

    /// <summary>Records how the call ended, once: the first outcome wins.</summary>
    private void Record(Status status, Metadata trailers)
    {
        if (!_completed)
        {
            _completed = true;
            _context.SetCompleted(status, trailers);
        }
    }

    /// <summary>Any failure as what the caller sees: an <see cref="RpcException"/>, or their request stream's own exception.</summary>
    private Exception Fail(Exception exception)
    {
        if (_requestStream?.Failure is { } failure)
        {
            Record(failure.SourceException is RpcException sent ? sent.Status : new Status(StatusCode.Cancelled, "The request stream threw."), Metadata.Empty);
            return failure.SourceException;
        }
        if (exception is ObjectDisposedException && Channel.IsDisposed)
        {
            // A call on a disposed channel is a programming error, reported as such (not as a status).
            _completed = true;
            return exception;
        }
        if (exception is RpcException rpc)
        {
            Record(rpc.Status, rpc.Trailers);
            return rpc;
        }
        if (_completed)
        {
            return exception;
        }
        if (Token.IsCancellationRequested)
        {
            return Complete(_context.CancellationToken.IsCancellationRequested || _enumeratorToken.IsCancellationRequested ? CancelledStatus : DeadlineStatus);
        }
        return Complete(ClientStatus.FromException(exception));
    }

    private static Status CancelledStatus => new(StatusCode.Cancelled, "The call was cancelled by the client.");

    private static Status DeadlineStatus => new(StatusCode.DeadlineExceeded, "The deadline was exceeded.");

    private void DisposeResponse()
    {
        if (_response is { } response && Interlocked.Exchange(ref _responseDisposed, 1) == 0)
        {
            response.Dispose();
        }
    }

    private async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            // Abandoned (the caller stopped enumerating): stop the request stream and reset the HTTP/2 stream.
            Record(CancelledStatus, Metadata.Empty);
            _cancellation?.Cancel();
        }
        _abortOnCancel.Dispose();
        DisposeResponse();
        if (_reader is not null)
        {
            await _reader.CompleteAsync();
        }
        if (_requestStream is not null)
        {
            _cancellation?.Cancel();
            await _requestStream.DisposeAsync();
        }
        _frame?.Release();
        _cancellation?.Dispose();
    }
}
