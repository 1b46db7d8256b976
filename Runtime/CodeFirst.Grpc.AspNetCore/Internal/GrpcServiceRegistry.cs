using System.Collections.Concurrent;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>The services mapped on this host, so an unknown path can be told apart as an unknown service or method.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly ConcurrentDictionary<string, Contracts.ServiceContract> _services = new(StringComparer.Ordinal);

    public bool UnimplementedMapped { get; set; }

    public IEnumerable<Contracts.ServiceContract> Services => _services.Values;

    public int Count => _services.Count;

    public bool TryAdd(Contracts.ServiceContract service) => _services.TryAdd(service.FullName, service);

    public bool Contains(string serviceName) => _services.ContainsKey(serviceName);
}
