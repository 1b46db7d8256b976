using System.Net;
using System.Net.Sockets;
using CodeFirst.Grpc.Health;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>
/// Chooses a replica (<see cref="Subchannel"/>) for each attempt: <c>pick_first</c> takes the first usable one in
/// address order, <c>round_robin</c> each usable one in turn. The addresses are a static list, or a DNS name
/// resolved again every <see cref="GrpcChannelOptions.DnsRefreshInterval"/>.
/// </summary>
internal sealed class LoadBalancer : IAsyncDisposable
{
    private readonly LoadBalancingPolicy _policy;
    private readonly GrpcChannelOptions _options;
    private readonly Func<Subchannel, HealthCheckRequest, CancellationToken, IAsyncEnumerable<HealthCheckResponse>> _healthWatch;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _updateLock = new();
    private Subchannel[] _subchannels = [];
    private int _next = -1;
    private Task _resolver = Task.CompletedTask;
    private Task _firstResolution = Task.CompletedTask;

    private LoadBalancer(GrpcChannelOptions options, Func<Subchannel, HealthCheckRequest, CancellationToken, IAsyncEnumerable<HealthCheckResponse>> healthWatch)
    {
        _options = options;
        _policy = options.ServiceConfig?.LoadBalancingPolicy ?? LoadBalancingPolicy.PickFirst;
        _healthWatch = healthWatch;
    }

    /// <summary>The replicas now, in address order.</summary>
    public IReadOnlyList<Subchannel> Subchannels => Volatile.Read(ref _subchannels);

    /// <summary>A balancer over fixed addresses.</summary>
    public static LoadBalancer ForAddresses(IEnumerable<Uri> addresses, GrpcChannelOptions options,
        Func<Subchannel, HealthCheckRequest, CancellationToken, IAsyncEnumerable<HealthCheckResponse>> healthWatch)
    {
        var balancer = new LoadBalancer(options, healthWatch);
        balancer.Update(addresses.Select(address => (address, (string?)null)));
        return balancer;
    }

    /// <summary>
    /// A balancer over the addresses <paramref name="host"/> resolves to: resolved in the background at once (the
    /// first calls wait for it), then every <see cref="GrpcChannelOptions.DnsRefreshInterval"/>.
    /// </summary>
    public static LoadBalancer ForDns(string host, int port, GrpcChannelOptions options,
        Func<Subchannel, HealthCheckRequest, CancellationToken, IAsyncEnumerable<HealthCheckResponse>> healthWatch)
    {
        var balancer = new LoadBalancer(options, healthWatch);
        balancer._firstResolution = balancer.ResolveAsync(host, port, balancer._stopping.Token);
        balancer._resolver = balancer.RefreshAsync(host, port, balancer._stopping.Token);
        return balancer;
    }

    /// <summary>Like <see cref="Pick"/>, waiting first for a DNS target's first resolution.</summary>
    public ValueTask<Subchannel> PickAsync(CancellationToken cancellationToken) =>
        _firstResolution.IsCompletedSuccessfully || Volatile.Read(ref _subchannels).Length > 0
            ? new(Pick())
            : PickAfterResolutionAsync(cancellationToken);

    private async ValueTask<Subchannel> PickAfterResolutionAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _firstResolution.WaitAsync(cancellationToken);
        }
        catch (SocketException e) when (Volatile.Read(ref _subchannels).Length == 0)
        {
            // Until a later resolution (every DnsRefreshInterval) finds addresses, calls fail fast.
            throw new RpcException(StatusCode.Unavailable, $"Name resolution failed: {e.Message}");
        }
        catch (SocketException)
        {
        }
        return Pick();
    }

    /// <summary>
    /// The replica for the next attempt. When none is usable, the one to try anyway: a replica whose connections
    /// failed (its error is the honest answer), never one its health check reports as not serving.
    /// </summary>
    /// <exception cref="RpcException"><c>UNAVAILABLE</c> when no replica is known or every one is not serving.</exception>
    public Subchannel Pick()
    {
        var all = Volatile.Read(ref _subchannels);
        if (all.Length == 1 && !all[0].IsUnhealthy)
        {
            return all[0];
        }
        if (all.Length == 0)
        {
            throw new RpcException(StatusCode.Unavailable, "The channel has no addresses: the name resolved to none.");
        }
        // Round robin: one shared counter; the replica at the counter if usable, else the next usable one.
        var start = _policy == LoadBalancingPolicy.RoundRobin ? (int)((uint)Interlocked.Increment(ref _next) % (uint)all.Length) : 0;
        for (var i = 0; i < all.Length; i++)
        {
            var candidate = all[(start + i) % all.Length];
            if (candidate.IsUsable)
            {
                return candidate;
            }
        }
        for (var i = 0; i < all.Length; i++)
        {
            var candidate = all[(start + i) % all.Length];
            if (!candidate.IsUnhealthy)
            {
                return candidate;
            }
        }
        throw new RpcException(StatusCode.Unavailable, $"No replica is serving: all {all.Length} report NOT_SERVING to their health checks.");
    }

    /// <summary>Replaces the replicas with <paramref name="addresses"/>, keeping the state of those that remain.</summary>
    private void Update(IEnumerable<(Uri Address, string? Authority)> addresses)
    {
        List<Subchannel> removed;
        lock (_updateLock)
        {
            var current = _subchannels.ToDictionary(s => s.Address);
            var next = new List<Subchannel>();
            foreach (var (address, authority) in addresses)
            {
                if (current.Remove(address, out var existing))
                {
                    next.Add(existing);
                    continue;
                }
                var added = new Subchannel(address, authority, _options);
                if (_options.ServiceConfig?.HealthCheckServiceName is { } serviceName)
                {
                    added.StartHealthWatch(serviceName, _healthWatch);
                }
                next.Add(added);
            }
            Volatile.Write(ref _subchannels, next.ToArray());
            removed = [.. current.Values];
        }
        foreach (var subchannel in removed)
        {
            _ = subchannel.DisposeAsync().AsTask();
        }
    }

    private async Task ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        var scheme = _options.UseTls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        var authority = $"{host}:{port}";
        Update(addresses
            .Where(address => address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            .Distinct()
            .Select(address => (new UriBuilder(scheme, address.ToString(), port).Uri, (string?)authority)));
    }

    private async Task RefreshAsync(string host, int port, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.DnsRefreshInterval, stopping);
                await ResolveAsync(host, port, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A failed lookup keeps the last known addresses.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await _resolver.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var subchannel in Volatile.Read(ref _subchannels))
        {
            await subchannel.DisposeAsync();
        }
        _stopping.Dispose();
    }
}
