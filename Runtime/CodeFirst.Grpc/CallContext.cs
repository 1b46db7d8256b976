namespace CodeFirst.Grpc;

/// <summary>
/// The per-call context a service method receives (server side) or is given (client side), as its
/// last parameter: <c>ValueTask&lt;Order&gt; GetOrderAsync(GetOrderRequest request, CallContext context = default)</c>.
/// </summary>
/// <remarks>
/// On the server it wraps the <see cref="Grpc.ServerCallContext"/> of the call: metadata in and out,
/// deadline, cancellation, peer and user. On a client it carries the cancellation token (and, with the
/// client runtime, metadata, deadline and options for the call).
/// </remarks>
public readonly struct CallContext
{
    private readonly CancellationToken _cancellationToken;

    /// <summary>Creates a context that cancels the call when <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public CallContext(CancellationToken cancellationToken) => _cancellationToken = cancellationToken;

    /// <summary>Wraps the server side of a call.</summary>
    /// <param name="serverCallContext">The call, as the hosting runtime exposes it.</param>
    public CallContext(ServerCallContext serverCallContext)
    {
        ServerCallContext = serverCallContext ?? throw new ArgumentNullException(nameof(serverCallContext));
        _cancellationToken = serverCallContext.CancellationToken;
    }

    /// <summary>The server side of the call, or <see langword="null"/> on a client.</summary>
    public ServerCallContext? ServerCallContext { get; }

    /// <summary>Fires when the call is cancelled: by the caller, by its deadline, or by the transport.</summary>
    public CancellationToken CancellationToken => _cancellationToken;

    /// <summary>The request metadata (server side); empty on a client.</summary>
    public Metadata RequestHeaders => ServerCallContext?.RequestHeaders ?? Metadata.Empty;

    /// <summary>Trailers to send with the status (server side).</summary>
    /// <exception cref="InvalidOperationException">On a client.</exception>
    public Metadata ResponseTrailers => ServerCallContext?.ResponseTrailers ?? throw new InvalidOperationException("Response trailers are set on the server side of a call.");

    /// <summary>The call's deadline (UTC), or <see cref="DateTime.MaxValue"/> when there is none.</summary>
    public DateTime Deadline => ServerCallContext?.Deadline ?? DateTime.MaxValue;

    /// <summary>A context that only carries <paramref name="cancellationToken"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static implicit operator CallContext(CancellationToken cancellationToken) => new(cancellationToken);
}
