using System.Threading.Channels;
using CodeFirst.Grpc.Health;

namespace CodeFirst.Grpc.AspNetCore.Health;

/// <summary>One <c>Watch</c> call's subscription to <see cref="HealthStatusManager"/>: the status when it began, then changes.</summary>
internal sealed class HealthWatch(ServingStatus initial, ChannelReader<ServingStatus> changes, Action unsubscribe) : IDisposable
{
    private Action? _unsubscribe = unsubscribe;

    /// <summary>The status when the watch began (<see cref="ServingStatus.ServiceUnknown"/> for an unknown service).</summary>
    public ServingStatus Initial { get; } = initial;

    /// <summary>The statuses reported since, oldest first; may repeat a status already sent.</summary>
    public ChannelReader<ServingStatus> Changes { get; } = changes;

    public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
}
