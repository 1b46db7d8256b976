using System.Runtime.Serialization;

namespace CodeFirst.Grpc.Health;

/// <summary><c>grpc.health.v1.HealthCheckResponse</c>: a service's serving status.</summary>
[DataContract, ProtoPackage(HealthProto.Package, FileName = HealthProto.FileName)]
public sealed class HealthCheckResponse
{
    /// <summary>The serving status.</summary>
    [DataMember(Order = 1)] public ServingStatus Status { get; set; }
}
