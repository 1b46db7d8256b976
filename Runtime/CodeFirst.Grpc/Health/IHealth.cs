namespace CodeFirst.Grpc.Health;

/// <summary>
/// The standard gRPC health service, <c>grpc.health.v1.Health</c> (upstream <c>grpc/health/v1/health.proto</c>), as
/// load balancers, Kubernetes' gRPC probes and <c>grpc_health_probe</c> call it. Servers map it with
/// <c>MapGrpcHealthService()</c> (CodeFirst.Grpc.AspNetCore); clients call it through a proxy, and channels use it to
/// skip replicas that are not serving.
/// </summary>
[GrpcService("grpc.health.v1.Health"), ProtoPackage(HealthProto.Package, FileName = HealthProto.FileName)]
public interface IHealth
{
    /// <summary>
    /// The current status of <see cref="HealthCheckRequest.Service"/>; fails with <c>NOT_FOUND</c> when the service is
    /// not known.
    /// </summary>
    /// <param name="request">The service asked for (empty: the server as a whole).</param>
    /// <param name="context">The call.</param>
    ValueTask<HealthCheckResponse> CheckAsync(HealthCheckRequest request, CallContext context = default);

    /// <summary>
    /// The current status of <see cref="HealthCheckRequest.Service"/> (<see cref="ServingStatus.ServiceUnknown"/> when it
    /// is not known), then a message whenever it changes, until the client cancels.
    /// </summary>
    /// <param name="request">The service asked for (empty: the server as a whole).</param>
    /// <param name="context">The call.</param>
    IAsyncEnumerable<HealthCheckResponse> WatchAsync(HealthCheckRequest request, CallContext context = default);
}
