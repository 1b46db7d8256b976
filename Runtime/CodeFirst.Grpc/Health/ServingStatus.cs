using System.Runtime.Serialization;

namespace CodeFirst.Grpc.Health;

/// <summary>
/// <c>HealthCheckResponse.ServingStatus</c> of <c>grpc.health.v1</c>, with upstream's value names and numbers.
/// </summary>
/// <remarks>
/// Upstream nests the enum in <c>HealthCheckResponse</c>; contracts cannot nest, so its protobuf name here is
/// <c>grpc.health.v1.ServingStatus</c>. The wire (a varint in field 1) is the same.
/// </remarks>
[ProtoPackage(HealthProto.Package, FileName = HealthProto.FileName)]
public enum ServingStatus
{
    /// <summary>The status is not known.</summary>
    [EnumMember(Value = "UNKNOWN")] Unknown = 0,

    /// <summary>The service is serving requests.</summary>
    [EnumMember(Value = "SERVING")] Serving = 1,

    /// <summary>The service is not serving requests.</summary>
    [EnumMember(Value = "NOT_SERVING")] NotServing = 2,

    /// <summary>Sent only by <c>Watch</c>: the service is not known to this server (yet).</summary>
    [EnumMember(Value = "SERVICE_UNKNOWN")] ServiceUnknown = 3,
}
