using CodeFirst.Grpc.Health;

namespace CodeFirst.Grpc.AspNetCore.Health;

/// <summary><c>grpc.health.v1.Health</c> over <see cref="HealthStatusManager"/>, with upstream's semantics.</summary>
internal sealed class HealthService(HealthStatusManager statuses) : IHealth
{
    public ValueTask<HealthCheckResponse> CheckAsync(HealthCheckRequest request, CallContext context = default)
    {
        var status = statuses.GetStatus(request.Service)
            ?? throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}'.");
        return ValueTask.FromResult(new HealthCheckResponse { Status = status });
    }

    public async IAsyncEnumerable<HealthCheckResponse> WatchAsync(HealthCheckRequest request, CallContext context = default)
    {
        // Upstream: the current status at once (SERVICE_UNKNOWN for an unknown service, without ending the call),
        // then a message whenever it changes, until the client goes away.
        using var watch = statuses.Watch(request.Service);
        var sent = watch.Initial;
        yield return new HealthCheckResponse { Status = sent };
        await foreach (var status in watch.Changes.ReadAllAsync(context.CancellationToken))
        {
            if (status != sent)
            {
                sent = status;
                yield return new HealthCheckResponse { Status = status };
            }
        }
    }
}
