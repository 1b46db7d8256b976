namespace CodeFirst.Grpc.Client;

/// <summary>
/// Per-method call policies and the load-balancing policy of a channel: the parts of gRPC's service config
/// (<c>grpc/doc/service_config.md</c>) a client applies.
/// </summary>
/// <example>
/// <code>
/// ServiceConfig = new ServiceConfig
/// {
///     LoadBalancingPolicy = LoadBalancingPolicy.RoundRobin,
///     HealthCheckServiceName = "",
///     MethodConfigs =
///     {
///         new MethodConfig
///         {
///             Names = { MethodName.Default },
///             RetryPolicy = new RetryPolicy { MaxAttempts = 4, RetryableStatusCodes = { StatusCode.Unavailable } },
///         },
///     },
/// }
/// </code>
/// </example>
public sealed class ServiceConfig
{
    /// <summary>How calls choose among the channel's addresses (default <see cref="LoadBalancingPolicy.PickFirst"/>).</summary>
    public LoadBalancingPolicy LoadBalancingPolicy { get; set; } = LoadBalancingPolicy.PickFirst;

    /// <summary>
    /// When set, each address's <c>grpc.health.v1.Health/Watch</c> for this service name (empty: the server as a
    /// whole) decides whether it takes calls: an address not <c>SERVING</c> is skipped until it is again.
    /// </summary>
    public string? HealthCheckServiceName { get; set; }

    /// <summary>Policies for methods; the most specific name matching a method wins.</summary>
    public IList<MethodConfig> MethodConfigs { get; } = [];
}
