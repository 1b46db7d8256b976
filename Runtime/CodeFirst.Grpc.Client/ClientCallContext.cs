using System.Net.Http.Headers;
using CodeFirst.Grpc.Client.Internal;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Client;

/// <summary>
/// One client call as interceptors see it: the method, the request metadata and options they may change before
/// calling <c>next</c>, and the response metadata and status once it has arrived.
/// </summary>
public sealed class ClientCallContext
{
    private Metadata? _requestHeaders;
    private HttpResponseHeaders? _responseHeaders;
    private Metadata? _responseHeadersMetadata;

    internal ClientCallContext(MethodContract method, in CallContext context)
    {
        Method = method;
        var options = context.CallOptions;
        _requestHeaders = options?.Headers;
        Deadline = options?.Deadline;
        CancellationToken = context.CancellationToken;
        Compression = options?.Compression;
        Credentials = options?.Credentials;
        Capture = context.Capture;
    }

    /// <summary>The method called.</summary>
    public MethodContract Method { get; }

    /// <summary>The request metadata; what is added here is sent.</summary>
    public Metadata RequestHeaders => _requestHeaders ??= [];

    /// <summary>When the call must end (UTC), or <see langword="null"/> for the channel's default timeout.</summary>
    public DateTime? Deadline { get; set; }

    /// <summary>Cancels the call.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Compression of the request messages (<c>"gzip"</c> or <c>"identity"</c>); <see langword="null"/>: the channel's.</summary>
    public string? Compression { get; set; }

    /// <summary>Credentials for this call, applied after the channel's.</summary>
    public CallCredentials? Credentials { get; set; }

    /// <summary>The response headers, once they have arrived (<see langword="null"/> before, and for a call that got none).</summary>
    public Metadata? ResponseHeaders => _responseHeadersMetadata ??= _responseHeaders is null ? null : ClientMetadata.FromHeaders(_responseHeaders);

    /// <summary>The trailers, once the call has ended.</summary>
    public Metadata? ResponseTrailers { get; private set; }

    /// <summary>The status, once the call has ended.</summary>
    public Status? Status { get; private set; }

    /// <summary>The request metadata if any was set, without creating it.</summary>
    internal Metadata? RequestHeadersOrNull => _requestHeaders;

    /// <summary>Where the caller's <see cref="CallContext"/> wants the response recorded.</summary>
    internal ClientResponseCapture? Capture { get; }

    internal void SetResponseHeaders(HttpResponseHeaders headers)
    {
        _responseHeaders = headers;
        _responseHeadersMetadata = null;
        Capture?.SetHeaders(ResponseHeaders!);
    }

    internal void SetCompleted(Status status, Metadata trailers)
    {
        Status = status;
        ResponseTrailers = trailers;
        Capture?.SetCompleted(status, trailers);
    }
}
