using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc;

/// <summary>
/// The per-call context a service method receives (server side) or is given (client side), as its
/// last parameter: <c>ValueTask&lt;Order&gt; GetOrderAsync(GetOrderRequest request, CallContext context = default)</c>.
/// </summary>
/// <remarks>
/// On the server it wraps the <see cref="Grpc.ServerCallContext"/> of the call: metadata in and out,
/// deadline, cancellation, peer and user. On a client it carries the call's <see cref="Grpc.CallOptions"/>
/// (metadata, deadline, cancellation, compression, credentials) and, with
/// <see cref="CallContextFlags.CaptureMetadata"/>, gives back the response headers, trailers and status.
/// </remarks>
/// <example>
/// <code>
/// var context = new CallContext(new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(2) }, CallContextFlags.CaptureMetadata);
/// var order = await orders.GetOrderAsync(request, context);
/// var served = (await context.ResponseHeadersAsync()).GetValue("x-served-by");
/// </code>
/// </example>
public readonly struct CallContext
{
    private readonly CancellationToken _cancellationToken;
    private readonly ClientResponseCapture? _capture;

    /// <summary>Creates a context that cancels the call when <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public CallContext(CancellationToken cancellationToken) => _cancellationToken = cancellationToken;

    /// <summary>Wraps the server side of a call.</summary>
    /// <param name="serverCallContext">The call, as the hosting runtime exposes it.</param>
    public CallContext(ServerCallContext serverCallContext)
    {
        ServerCallContext = serverCallContext ?? throw new ArgumentNullException(nameof(serverCallContext));
    }

    /// <summary>The client side of a call: its options, and what to record about the response.</summary>
    /// <param name="options">Metadata, deadline, cancellation, compression and credentials for the call.</param>
    /// <param name="flags">What to record; <see cref="CallContextFlags.CaptureMetadata"/> keeps the response metadata.</param>
    public CallContext(CallOptions options, CallContextFlags flags = CallContextFlags.None)
    {
        CallOptions = options ?? throw new ArgumentNullException(nameof(options));
        _capture = (flags & CallContextFlags.CaptureMetadata) != 0 ? new ClientResponseCapture() : null;
    }

    /// <summary>The server side of the call, or <see langword="null"/> on a client.</summary>
    public ServerCallContext? ServerCallContext { get; }

    /// <summary>The client's options for the call, or <see langword="null"/> (on the server, or for defaults).</summary>
    public CallOptions? CallOptions { get; }

    /// <summary>Where the client runtime records the response, when the caller asked for it.</summary>
    internal ClientResponseCapture? Capture => _capture;

    /// <summary>Fires when the call is cancelled: by the caller, by its deadline, or by the transport.</summary>
    public CancellationToken CancellationToken => ServerCallContext?.CancellationToken ?? CallOptions?.CancellationToken ?? _cancellationToken;

    /// <summary>The request metadata (server side); empty on a client.</summary>
    public Metadata RequestHeaders => ServerCallContext?.RequestHeaders ?? Metadata.Empty;

    /// <summary>
    /// On the server, trailers to send with the status. On a client with <see cref="CallContextFlags.CaptureMetadata"/>,
    /// the trailers received (empty until the call ends).
    /// </summary>
    /// <exception cref="InvalidOperationException">On a client without <see cref="CallContextFlags.CaptureMetadata"/>.</exception>
    public Metadata ResponseTrailers => ServerCallContext?.ResponseTrailers ?? RequireCapture().Trailers;

    /// <summary>
    /// The status a client call ended with (with <see cref="CallContextFlags.CaptureMetadata"/>), or
    /// <see langword="null"/> while it runs and on the server.
    /// </summary>
    public Status? ResponseStatus => _capture?.Status;

    /// <summary>The call's deadline (UTC), or <see cref="DateTime.MaxValue"/> when there is none.</summary>
    public DateTime Deadline => ServerCallContext?.Deadline ?? CallOptions?.Deadline ?? DateTime.MaxValue;

    /// <summary>
    /// The response headers of a client call (with <see cref="CallContextFlags.CaptureMetadata"/>): completes when
    /// they arrive, or with empty metadata when the call ends without them.
    /// </summary>
    /// <exception cref="InvalidOperationException">Without <see cref="CallContextFlags.CaptureMetadata"/>.</exception>
    public Task<Metadata> ResponseHeadersAsync() => RequireCapture().Headers;

    private ClientResponseCapture RequireCapture() =>
        _capture ?? throw new InvalidOperationException(
            "Response metadata is kept only for a client call whose context was created with CallContextFlags.CaptureMetadata.");

    /// <summary>A context that only carries <paramref name="cancellationToken"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static implicit operator CallContext(CancellationToken cancellationToken) => new(cancellationToken);
}
