namespace CodeFirst.Grpc.AspNetCore;

/// <summary>Options of the code-first gRPC server, set with <c>AddCodeFirstGrpc(options => ...)</c>.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>The largest request message accepted, in bytes, after decompression (default 4 MiB); larger is <c>RESOURCE_EXHAUSTED</c>.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest response message sent, in bytes (default: no limit); larger is <c>RESOURCE_EXHAUSTED</c>.</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>
    /// When true, an unexpected exception's type and message go to the client in <c>grpc-message</c>. Off by
    /// default: clients see only "Exception was thrown by handler." and the details stay in the server log.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// Compression for every response message (<c>"gzip"</c>) when the client accepts it; <see langword="null"/> (the
    /// default) compresses only calls whose handler sets <see cref="ServerCallContext.ResponseCompression"/>.
    /// </summary>
    public string? ResponseCompression { get; set; }

    /// <summary>Interceptors around every service method, in the order they run; fixed once a service is mapped.</summary>
    public InterceptorCollection Interceptors { get; } = new();

    /// <summary>
    /// On shutdown, how long in-flight calls may run before they are cancelled with <c>UNAVAILABLE</c> (default 10 s).
    /// Keep it below the host's <c>HostOptions.ShutdownTimeout</c> (30 s by default).
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
