using System.Net.Http;

namespace CodeFirst.Grpc.Client;

/// <summary>Options of a <see cref="GrpcChannel"/>: limits, defaults for every call, credentials, retries and balancing.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>The largest response message accepted, in bytes, after decompression (default 4 MiB); larger fails the call with <c>RESOURCE_EXHAUSTED</c>.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest request message sent, in bytes (default: no limit); larger fails the call with <c>RESOURCE_EXHAUSTED</c>.</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>The deadline of a call that sets none, counted from its start (default: none).</summary>
    public TimeSpan? DefaultTimeout { get; set; }

    /// <summary>Compression of request messages: <c>"gzip"</c>, or <see langword="null"/> (the default) for none. Responses may always be gzip.</summary>
    public string? Compression { get; set; }

    /// <summary>Credentials added to every call (a bearer token, say).</summary>
    public CallCredentials? Credentials { get; set; }

    /// <summary>
    /// Allow credentials over plaintext (<c>http://</c>) to a host that is not loopback. Off by default: a token
    /// sent in the clear can be read by anyone on the path, so such a call fails with <c>UNAUTHENTICATED</c>.
    /// </summary>
    public bool AllowInsecureCredentials { get; set; }

    /// <summary>Retry policies per method and the load-balancing policy, as in gRPC's service config.</summary>
    public ServiceConfig? ServiceConfig { get; set; }

    /// <summary>Interceptors around every call, in the order they run.</summary>
    public IList<ClientInterceptor> Interceptors { get; } = [];

    /// <summary>
    /// Use TLS for the addresses a <c>dns:///host:port</c> target resolves to (default false: h2c). Addresses given
    /// as <c>http://</c> or <c>https://</c> say it themselves.
    /// </summary>
    public bool UseTls { get; set; }

    /// <summary>How often a <c>dns:///</c> target is resolved again (default 30 s).</summary>
    public TimeSpan DnsRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The first wait before a replica whose connection failed is tried again (default 1 s); it grows by 1.6 times
    /// per failure, with jitter, up to <see cref="MaxReconnectBackoff"/>.
    /// </summary>
    public TimeSpan InitialReconnectBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a failed replica is tried again (default 30 s).</summary>
    public TimeSpan MaxReconnectBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The request bytes all the channel's retryable calls may keep for replay at once (default 16 MiB). A call that
    /// would exceed it, or <see cref="MaxRetryBufferPerCallSize"/>, is no longer retried.
    /// </summary>
    public long MaxRetryBufferSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>The request bytes one retryable call may keep for replay (default 1 MiB).</summary>
    public long MaxRetryBufferPerCallSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Idle time after which the connection sends an HTTP/2 PING to check the server is there
    /// (default: never). Servers limit how often they accept pings; keep it to minutes.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long a keep-alive PING may go unanswered before the connection is closed (default 20 s).</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Adjusts the channel's <see cref="SocketsHttpHandler"/> before first use: TLS settings
    /// (<see cref="SocketsHttpHandler.SslOptions"/>, client certificates, a custom CA), proxies, connect timeouts.
    /// The channel has already set HTTP/2 multiple connections and the keep-alive pings.
    /// </summary>
    public Action<SocketsHttpHandler>? ConfigureHttpHandler { get; set; }

    /// <summary>
    /// A handler to send every call through instead of the channel's own <see cref="SocketsHttpHandler"/>: an
    /// in-memory test server's (<c>WebApplicationFactory.Server.CreateHandler()</c>), or a delegating chain of your
    /// own over a handler that speaks HTTP/2. The caller owns it: disposing the channel does not dispose it.
    /// <see cref="ConfigureHttpHandler"/>, the keep-alive settings and reconnect probes do not apply to it.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }
}
