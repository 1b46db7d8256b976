namespace CodeFirst.Grpc.Health;

/// <summary>Where upstream declares the health contracts: package and file, so descriptors match <c>health.proto</c>'s.</summary>
internal static class HealthProto
{
    public const string Package = "grpc.health.v1";

    public const string FileName = "grpc/health/v1/health.proto";
}
