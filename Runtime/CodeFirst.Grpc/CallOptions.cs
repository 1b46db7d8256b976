namespace CodeFirst.Grpc;

/// <summary>
/// What a client sets for one call: metadata, deadline, cancellation, compression and credentials. Pass it in a
/// <see cref="CallContext"/> as a proxy method's last argument.
/// </summary>
/// <example>
/// <code>
/// var order = await orders.GetOrderAsync(new GetOrderRequest { Id = id }, new CallOptions
/// {
///     Headers = new Metadata { { "x-request-source", "billing" } },
///     Deadline = DateTime.UtcNow.AddSeconds(5),
/// });
/// </code>
/// </example>
public sealed class CallOptions
{
    /// <summary>Request metadata sent as headers. Client interceptors may add to it.</summary>
    public Metadata? Headers { get; set; }

    /// <summary>
    /// When the call must end (UTC); it fails with <see cref="StatusCode.DeadlineExceeded"/> after it. The server
    /// sees the time left as <c>grpc-timeout</c>. <see langword="null"/>: the channel's default timeout, if any.
    /// </summary>
    public DateTime? Deadline { get; set; }

    /// <summary>Cancels the call (the server sees RST_STREAM); the call fails with <see cref="StatusCode.Cancelled"/>.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>
    /// How request messages are compressed: <c>"gzip"</c>, or <c>"identity"</c> for none. <see langword="null"/>:
    /// the channel's setting.
    /// </summary>
    public string? Compression { get; set; }

    /// <summary>Credentials for this call, applied after (and so able to override) the channel's.</summary>
    public CallCredentials? Credentials { get; set; }

    /// <summary>A context carrying these options.</summary>
    /// <param name="options">The options.</param>
    public static implicit operator CallContext(CallOptions options) => new(options);
}
