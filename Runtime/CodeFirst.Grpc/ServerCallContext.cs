using System.Security.Claims;

namespace CodeFirst.Grpc;

/// <summary>
/// The server side of a call, as the hosting runtime (ASP.NET Core) exposes it to service methods
/// through <see cref="CallContext.ServerCallContext"/> and to interceptors.
/// </summary>
public abstract class ServerCallContext
{
    /// <summary>The full method path, <c>/package.Service/Method</c>.</summary>
    public abstract string Method { get; }

    /// <summary>The caller's address, for example <c>ipv4:127.0.0.1:50000</c>.</summary>
    public abstract string Peer { get; }

    /// <summary>The call's deadline (UTC), or <see cref="DateTime.MaxValue"/> when the client set none.</summary>
    public abstract DateTime Deadline { get; }

    /// <summary>The request metadata (headers, without the protocol's own).</summary>
    public abstract Metadata RequestHeaders { get; }

    /// <summary>Trailers to send with the status.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>Fires when the client cancels, disconnects or the deadline passes.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>The authenticated user (ASP.NET Core authentication); an anonymous principal when none.</summary>
    public abstract ClaimsPrincipal User { get; }

    /// <summary>The status to send when the method returns normally; <see cref="Status.DefaultSuccess"/> unless set.</summary>
    public abstract Status Status { get; set; }

    /// <summary>
    /// The compression for response messages (<c>"gzip"</c>), or <see langword="null"/> for none. Applied only when the
    /// client accepts it (<c>grpc-accept-encoding</c>); set before the first message is written.
    /// </summary>
    public abstract string? ResponseCompression { get; set; }

    /// <summary>Sends response headers now (at most once, before any message).</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata headers);
}
