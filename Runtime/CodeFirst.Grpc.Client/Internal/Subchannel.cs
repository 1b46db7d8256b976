using System.Collections.Concurrent;
using System.Net.Sockets;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Health;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>
/// One address of a channel (one replica). Its connections live in the channel's shared handler; what is tracked
/// here is whether calls should go to it: not while its connections fail (until a reconnect probe succeeds, with
/// exponential backoff), and not while its health watch says it is not serving.
/// </summary>
internal sealed class Subchannel : IAsyncDisposable
{
    private const double BackoffMultiplier = 1.6;
    private const double BackoffJitter = 0.2;
    private static readonly TimeSpan ProbeConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<MethodContract, Uri> _uris = new();
    private readonly GrpcChannelOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private int _connectionFailed;
    private const int NotChecked = -1;
    private int _health = NotChecked;
    private Task _probe = Task.CompletedTask;
    private Task _healthWatch = Task.CompletedTask;

    public Subchannel(Uri address, string? authority, GrpcChannelOptions options)
    {
        Address = address;
        Authority = authority;
        _options = options;
    }

    /// <summary>The replica's base address (<c>http://10.0.0.7:50051/</c>).</summary>
    public Uri Address { get; }

    /// <summary>The <c>:authority</c> to send when <see cref="Address"/> is a resolved IP (the DNS name and port), else null.</summary>
    public string? Authority { get; }

    public bool IsSecure => Address.Scheme == Uri.UriSchemeHttps;

    /// <summary>True when the calls may go to this replica now.</summary>
    public bool IsUsable => Volatile.Read(ref _connectionFailed) == 0 && !IsUnhealthy;

    /// <summary>True while the health watch reports anything but serving (not before its first answer).</summary>
    public bool IsUnhealthy => Volatile.Read(ref _health) is not (NotChecked or (int)ServingStatus.Serving);

    /// <summary>The request URI of <paramref name="method"/> on this replica, built once.</summary>
    public Uri GetUri(MethodContract method) => _uris.GetOrAdd(method, static (m, baseAddress) => new Uri(baseAddress, m.Path), Address);

    /// <summary>A call could not connect: skip this replica until a reconnect probe succeeds.</summary>
    public void ReportConnectionFailure()
    {
        if (Interlocked.Exchange(ref _connectionFailed, 1) == 0 && !_stopping.IsCancellationRequested)
        {
            _probe = ReconnectAsync(_stopping.Token);
        }
    }

    /// <summary>Starts watching <c>grpc.health.v1.Health</c> for <paramref name="serviceName"/> with <paramref name="watch"/>.</summary>
    public void StartHealthWatch(string serviceName, Func<Subchannel, HealthCheckRequest, CancellationToken, IAsyncEnumerable<HealthCheckResponse>> watch) =>
        _healthWatch = WatchHealthAsync(serviceName, watch, _stopping.Token);

    private async Task ReconnectAsync(CancellationToken stopping)
    {
        var backoff = _options.InitialReconnectBackoff;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Jitter(backoff), stopping);
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                timeout.CancelAfter(ProbeConnectTimeout);
                await socket.ConnectAsync(Address.DnsSafeHost, Address.Port, timeout.Token);
                Volatile.Write(ref _connectionFailed, 0);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                backoff = Grow(backoff);
            }
        }
    }

    private async Task WatchHealthAsync(string serviceName, Func<Subchannel, HealthCheckRequest, CancellationToken, IAsyncEnumerable<HealthCheckResponse>> watch, CancellationToken stopping)
    {
        var request = new HealthCheckRequest { Service = serviceName };
        var backoff = _options.InitialReconnectBackoff;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var response in watch(this, request, stopping))
                {
                    Volatile.Write(ref _health, (int)response.Status);
                    backoff = _options.InitialReconnectBackoff;
                }
                // The server ended the watch (it is shutting down): not serving until a new watch says otherwise.
                Volatile.Write(ref _health, (int)ServingStatus.NotServing);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
            {
                // A server without the health service is not health-checked (as in gRPC's client health checking).
                Volatile.Write(ref _health, NotChecked);
                return;
            }
            catch (RpcException) when (!stopping.IsCancellationRequested)
            {
                Volatile.Write(ref _health, (int)ServingStatus.NotServing);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await Task.Delay(Jitter(backoff), stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = Grow(backoff);
        }
    }

    private TimeSpan Grow(TimeSpan backoff) =>
        TimeSpan.FromTicks(Math.Min((long)(backoff.Ticks * BackoffMultiplier), _options.MaxReconnectBackoff.Ticks));

    private static TimeSpan Jitter(TimeSpan backoff) =>
        TimeSpan.FromTicks((long)(backoff.Ticks * (1 + BackoffJitter * (Random.Shared.NextDouble() * 2 - 1))));

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await Task.WhenAll(_probe, _healthWatch).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _stopping.Dispose();
    }

    public override string ToString() => Authority is null ? Address.ToString() : $"{Address} ({Authority})";
}
