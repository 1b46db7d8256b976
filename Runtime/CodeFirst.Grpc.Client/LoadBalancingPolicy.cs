namespace CodeFirst.Grpc.Client;

/// <summary>How a channel with several addresses chooses one for a call.</summary>
public enum LoadBalancingPolicy
{
    /// <summary>The first address that is up, in order; the next when it fails.</summary>
    PickFirst,

    /// <summary>Every address that is up in turn, spreading calls evenly.</summary>
    RoundRobin,
}
