using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>
/// Graceful shutdown. When the host starts stopping (SIGTERM, Ctrl+C, StopAsync): <see cref="Draining"/>
/// observers run first (health flips to NOT_SERVING), new calls get UNAVAILABLE, in-flight calls may
/// finish for <see cref="GrpcServerOptions.ShutdownTimeout"/>, then the rest are cancelled and end
/// with UNAVAILABLE. Kestrel meanwhile stops accepting connections and waits for the requests to end.
/// </summary>
internal sealed class ServerLifetime : IDisposable
{
    private readonly ConcurrentDictionary<HttpServerCallContext, byte> _active = new();
    private readonly TimeSpan _shutdownTimeout;
    private Timer? _cancelTimer;
    private volatile bool _cancelled;

    public ServerLifetime(IHostApplicationLifetime lifetime, IOptions<GrpcServerOptions> options)
    {
        _shutdownTimeout = options.Value.ShutdownTimeout;
        lifetime.ApplicationStopping.Register(static state => ((ServerLifetime)state!).BeginDraining(), this);
    }

    /// <summary>Runs once when shutdown begins, before calls are refused.</summary>
    public event Action? Draining;

    public bool IsDraining { get; private set; }

    public void Register(HttpServerCallContext call)
    {
        _active.TryAdd(call, 0);
        if (_cancelled)
        {
            // Raced past the draining check after the grace period ended.
            call.CancelForShutdown();
        }
    }

    public void Unregister(HttpServerCallContext call) => _active.TryRemove(call, out _);

    private void BeginDraining()
    {
        try
        {
            Draining?.Invoke();
        }
        finally
        {
            IsDraining = true;
            _cancelTimer = new Timer(static state => ((ServerLifetime)state!).CancelRemaining(), this, _shutdownTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void CancelRemaining()
    {
        _cancelled = true;
        foreach (var call in _active.Keys)
        {
            call.CancelForShutdown();
        }
    }

    public void Dispose() => _cancelTimer?.Dispose();
}
