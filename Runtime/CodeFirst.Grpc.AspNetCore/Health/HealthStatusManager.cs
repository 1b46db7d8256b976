using System.Threading.Channels;
using CodeFirst.Grpc.Health;

namespace CodeFirst.Grpc.AspNetCore.Health;

/// <summary>
/// The serving status of each service, as the health service (<see cref="IHealth"/>) reports it. A singleton:
/// <see cref="GrpcHealthServiceCollectionExtensions.AddGrpcHealth"/> registers it; inject it where the status changes.
/// </summary>
/// <remarks>
/// <para>
/// A service is known when its status has been set, or when it is mapped on this server (<c>MapGrpcService</c>):
/// mapped services are <see cref="ServingStatus.Serving"/> until set otherwise. The empty name <c>""</c> is the server
/// as a whole, <see cref="ServingStatus.Serving"/> from the start.
/// </para>
/// <para>
/// <c>Check</c> answers a known service's status and fails with <c>NOT_FOUND</c> for any other name; <c>Watch</c>
/// sends the current status (<see cref="ServingStatus.ServiceUnknown"/> for an unknown name), then each change.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// app.Services.GetRequiredService&lt;HealthStatusManager&gt;().SetStatus("order.v1.OrderService", ServingStatus.NotServing);
/// </code>
/// </example>
public sealed class HealthStatusManager
{
    /// <summary>Changes a slow watcher has not been sent yet, at most; older ones are dropped (the newest always arrives).</summary>
    private const int WatchBufferSize = 8;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [""] = ServingStatus.Serving };
    private readonly Dictionary<string, List<Channel<ServingStatus>>> _watchers = new(StringComparer.Ordinal);
    private readonly Func<string, bool> _isMapped;
    private bool _shutDown;

    /// <summary>
    /// Creates a manager that knows only the statuses set on it (and <c>""</c>). The one
    /// <see cref="GrpcHealthServiceCollectionExtensions.AddGrpcHealth"/> registers also knows the services mapped on the server.
    /// </summary>
    public HealthStatusManager()
        : this(static _ => false)
    {
    }

    /// <summary>Creates a manager that reports the services <paramref name="isMapped"/> accepts as serving by default.</summary>
    internal HealthStatusManager(Func<string, bool> isMapped) => _isMapped = isMapped;

    /// <summary>Watch calls in progress (for tests).</summary>
    internal int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Values.Sum(list => list.Count);
            }
        }
    }

    /// <summary>Sets the status of <paramref name="service"/> and tells its watchers when the reported status changes.</summary>
    /// <param name="service">The fully qualified service name (<c>order.v1.OrderService</c>), or <c>""</c> for the server as a whole.</param>
    /// <param name="status"><see cref="ServingStatus.Serving"/>, <see cref="ServingStatus.NotServing"/> or <see cref="ServingStatus.Unknown"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="status"/> is <see cref="ServingStatus.ServiceUnknown"/> (only <c>Watch</c> sends it; use
    /// <see cref="ClearStatus"/>) or not a defined value.
    /// </exception>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (status is not (ServingStatus.Unknown or ServingStatus.Serving or ServingStatus.NotServing))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A service's status is SERVING, NOT_SERVING or UNKNOWN; SERVICE_UNKNOWN is only sent by Watch (use ClearStatus to forget a service).");
        }
        lock (_lock)
        {
            _statuses[service] = status;
            Notify(service);
        }
    }

    /// <summary>
    /// Forgets the status set for <paramref name="service"/>: a mapped service is back to <see cref="ServingStatus.Serving"/>,
    /// any other becomes unknown (<c>NOT_FOUND</c> for <c>Check</c>, <see cref="ServingStatus.ServiceUnknown"/> for <c>Watch</c>).
    /// </summary>
    /// <param name="service">The service name, or <c>""</c>.</param>
    /// <returns>True when a status had been set.</returns>
    public bool ClearStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            if (!_statuses.Remove(service))
            {
                return false;
            }
            Notify(service);
            return true;
        }
    }

    /// <summary>The status <c>Check</c> reports for <paramref name="service"/>, or <see langword="null"/> when the service is not known.</summary>
    /// <param name="service">The service name, or <c>""</c>.</param>
    public ServingStatus? GetStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            return Reported(service);
        }
    }

    /// <summary>
    /// Reports every known service, and the server, as <see cref="ServingStatus.NotServing"/> until <see cref="Resume"/>
    /// (for example while the server drains before it stops). Statuses set meanwhile are kept and reported after
    /// <see cref="Resume"/>.
    /// </summary>
    public void Shutdown() => SetShutDown(true);

    /// <summary>Undoes <see cref="Shutdown"/>: every service reports its own status again.</summary>
    public void Resume() => SetShutDown(false);

    /// <summary>
    /// Starts watching <paramref name="service"/>: the status reported now and, atomically with it, a subscription to
    /// every later change. Dispose the watch to end it.
    /// </summary>
    internal HealthWatch Watch(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(WatchBufferSize)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            if (!_watchers.TryGetValue(service, out var list))
            {
                list = [];
                _watchers.Add(service, list);
            }
            list.Add(channel);
            return new HealthWatch(Reported(service) ?? ServingStatus.ServiceUnknown, channel.Reader, () => Unwatch(service, channel));
        }
    }

    private void Unwatch(string service, Channel<ServingStatus> channel)
    {
        lock (_lock)
        {
            if (_watchers.TryGetValue(service, out var list) && list.Remove(channel) && list.Count == 0)
            {
                _watchers.Remove(service);
            }
        }
        channel.Writer.TryComplete();
    }

    private void SetShutDown(bool shutDown)
    {
        lock (_lock)
        {
            if (_shutDown == shutDown)
            {
                return;
            }
            _shutDown = shutDown;
            foreach (var service in _watchers.Keys)
            {
                Notify(service);
            }
        }
    }

    /// <summary>The status reported for a service, or null when it is unknown. Called under the lock.</summary>
    private ServingStatus? Reported(string service)
    {
        ServingStatus? status = _statuses.TryGetValue(service, out var set) ? set
            : _isMapped(service) ? ServingStatus.Serving
            : null;
        return status is not null && _shutDown ? ServingStatus.NotServing : status;
    }

    /// <summary>Queues the reported status for the service's watchers; each one skips it if it is what it last sent. Called under the lock.</summary>
    private void Notify(string service)
    {
        if (_watchers.TryGetValue(service, out var list))
        {
            var status = Reported(service) ?? ServingStatus.ServiceUnknown;
            foreach (var channel in list)
            {
                channel.Writer.TryWrite(status);
            }
        }
    }
}
