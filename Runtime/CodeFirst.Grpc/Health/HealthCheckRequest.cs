using System.Runtime.Serialization;

namespace CodeFirst.Grpc.Health;

/// <summary><c>grpc.health.v1.HealthCheckRequest</c>: the service whose health is asked for.</summary>
[DataContract, ProtoPackage(HealthProto.Package, FileName = HealthProto.FileName)]
public sealed class HealthCheckRequest
{
    /// <summary>The fully qualified service name (<c>order.v1.OrderService</c>), or empty for the server as a whole.</summary>
    [DataMember(Order = 1)] public string Service { get; set; } = "";
}
