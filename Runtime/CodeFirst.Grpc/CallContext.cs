namespace CodeFirst.Grpc;

/// <summary>
/// The per-call context a service method receives (server side) or is given (client side), as its
/// last parameter: <c>ValueTask&lt;Order&gt; GetOrderAsync(GetOrderRequest request, CallContext context = default)</c>.
/// </summary>
/// <remarks>
/// In this release it carries the call's cancellation token; the server and client runtimes extend it
/// with metadata, deadline, peer and user.
/// </remarks>
public readonly struct CallContext
{
    /// <summary>Creates a context that cancels the call when <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public CallContext(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    /// <summary>Fires when the call is cancelled: by the caller, by its deadline, or by the transport.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>A context that only carries <paramref name="cancellationToken"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static implicit operator CallContext(CancellationToken cancellationToken) => new(cancellationToken);
}
