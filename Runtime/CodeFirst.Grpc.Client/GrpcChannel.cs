using System.Collections.Concurrent;
using CodeFirst.Grpc.Client.Internal;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Health;

namespace CodeFirst.Grpc.Client;

/// <summary>
/// A client's connection to a service: one or several addresses (replicas), over one shared
/// <see cref="SocketsHttpHandler"/> speaking HTTP/2 (h2c with prior knowledge for <c>http://</c>, TLS with ALPN for
/// <c>https://</c>, more connections when one runs out of streams). Create it once and share it; create typed
/// clients with <see cref="CreateGrpcService{TService}"/>; dispose it to close its connections.
/// </summary>
/// <example>
/// <code>
/// using var channel = GrpcChannel.ForAddress("http://localhost:50051");
/// var orders = channel.CreateGrpcService&lt;IOrderService&gt;();
/// var order = await orders.GetOrderAsync(new GetOrderRequest { Id = "..." });
/// </code>
/// </example>
public sealed class GrpcChannel : IDisposable
{
    private readonly ConcurrentDictionary<Type, object> _services = new();
    private readonly ClientMethod<HealthCheckRequest, HealthCheckResponse> _healthWatch;
    private int _disposed;

    private GrpcChannel(string target, GrpcChannelOptions options, Func<GrpcChannel, LoadBalancer> createBalancer)
    {
        Target = target;
        Options = options;
        if (options.HttpHandler is not null && options.ConfigureHttpHandler is not null)
        {
            throw new ArgumentException("Set GrpcChannelOptions.HttpHandler or ConfigureHttpHandler, not both: ConfigureHttpHandler adjusts the channel's own handler.", nameof(options));
        }
        OwnsHandler = options.HttpHandler is null;
        Invoker = options.HttpHandler is { } handler
            ? new HttpMessageInvoker(handler, disposeHandler: false)
            : new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
        RetryBudget = new RetryBufferBudget(options.MaxRetryBufferSize);
        var watch = ContractModel.GetService(typeof(IHealth)).Methods.Single(m => m.Name == "Watch");
        _healthWatch = new ClientMethod<HealthCheckRequest, HealthCheckResponse>(this, watch);
        Balancer = createBalancer(this);
    }

    /// <summary>
    /// A channel to one address: <c>http://host:port</c> (h2c), <c>https://host:port</c> (TLS), or
    /// <c>dns:///host:port</c> (every address the name resolves to, resolved again periodically, balanced per
    /// <see cref="ServiceConfig.LoadBalancingPolicy"/>; <see cref="GrpcChannelOptions.UseTls"/> chooses TLS).
    /// </summary>
    /// <param name="address">The address.</param>
    /// <param name="options">Options; defaults when <see langword="null"/>.</param>
    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address ?? throw new ArgumentNullException(nameof(address))), options);

    /// <inheritdoc cref="ForAddress(string, GrpcChannelOptions?)"/>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        options ??= new GrpcChannelOptions();
        if (address.Scheme == "dns")
        {
            var (host, port) = ParseDnsTarget(address);
            return new GrpcChannel(address.ToString(), options,
                channel => LoadBalancer.ForDns(host, port, options, channel.WatchHealth));
        }
        return ForAddresses([address], options);
    }

    /// <summary>A channel to several replicas, balanced per <see cref="ServiceConfig.LoadBalancingPolicy"/>.</summary>
    /// <param name="addresses"><c>http://</c> or <c>https://</c> addresses.</param>
    /// <param name="options">Options; defaults when <see langword="null"/>.</param>
    public static GrpcChannel ForAddresses(IEnumerable<Uri> addresses, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        options ??= new GrpcChannelOptions();
        var list = addresses.Select(Normalize).ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one address is needed.", nameof(addresses));
        }
        if (options.Credentials is not null && !options.AllowInsecureCredentials
            && list.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttp && !a.IsLoopback) is { } insecure)
        {
            throw new InvalidOperationException(
                $"Refusing to send credentials in plaintext to {insecure.Authority}: use https://, or set GrpcChannelOptions.AllowInsecureCredentials.");
        }
        return new GrpcChannel(string.Join(",", list), options,
            channel => LoadBalancer.ForAddresses(list, options, channel.WatchHealth));
    }

    /// <summary>The address or addresses the channel was created for.</summary>
    public string Target { get; }

    /// <summary>The options (read them; changing them after creation has no defined effect).</summary>
    public GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    /// <summary>True when calls go through the channel's own <see cref="SocketsHttpHandler"/>, not a caller's handler.</summary>
    internal bool OwnsHandler { get; }

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal LoadBalancer Balancer { get; }

    internal RetryBufferBudget RetryBudget { get; }

    /// <summary>
    /// A client for <typeparamref name="TService"/>: an object implementing the interface whose methods make the calls.
    /// Built once per interface and channel; thread-safe.
    /// </summary>
    /// <typeparam name="TService">A <c>[GrpcService]</c> interface from a contracts assembly.</typeparam>
    public TService CreateGrpcService<TService>()
        where TService : class
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return (TService)_services.GetOrAdd(typeof(TService), static (type, channel) => ProxyFactory.Create(type, channel), this);
    }

    /// <summary>The retry policy of the most specific <see cref="MethodConfig"/> naming <paramref name="method"/>.</summary>
    internal RetryPolicy? GetRetryPolicy(MethodContract method)
    {
        MethodConfig? best = null;
        var bestRank = 0;
        foreach (var config in Options.ServiceConfig?.MethodConfigs ?? [])
        {
            foreach (var name in config.Names)
            {
                var rank = name switch
                {
                    { Service: null } => 1,
                    { Method: null } when name.Service == method.Service.FullName => 2,
                    _ when name.Service == method.Service.FullName && name.Method == method.Name => 3,
                    _ => 0,
                };
                if (rank > bestRank)
                {
                    (best, bestRank) = (config, rank);
                }
            }
        }
        return best?.RetryPolicy;
    }

    private IAsyncEnumerable<HealthCheckResponse> WatchHealth(Subchannel subchannel, HealthCheckRequest request, CancellationToken cancellationToken) =>
        _healthWatch.ServerStreamingTo(subchannel, request, cancellationToken);

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        options.ConfigureHttpHandler?.Invoke(handler);
        return handler;
    }

    private static Uri Normalize(Uri address)
    {
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Unsupported address '{address}': use http://, https:// or dns:///.", nameof(address));
        }
        return new UriBuilder(address.Scheme, address.Host, address.Port).Uri;
    }

    private static (string Host, int Port) ParseDnsTarget(Uri target)
    {
        // dns:///host:port (no DNS server authority) or dns:host:port.
        var hostAndPort = target.AbsolutePath.TrimStart('/');
        var separator = hostAndPort.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(hostAndPort.AsSpan(separator + 1), out var port) || port is <= 0 or > 65535)
        {
            throw new ArgumentException($"Invalid DNS target '{target}': expected dns:///host:port.", nameof(target));
        }
        return (hostAndPort[..separator].Trim('[', ']'), port);
    }

    /// <summary>Closes the connections and stops health checks and name resolution; calls in flight fail.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Balancer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Invoker.Dispose();
    }
}
