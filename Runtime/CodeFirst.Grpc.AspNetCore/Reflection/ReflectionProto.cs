namespace CodeFirst.Grpc.AspNetCore.Reflection;

/// <summary>Where upstream declares the reflection contracts, so the descriptors served match <c>reflection.proto</c>'s names.</summary>
internal static class ReflectionProto
{
    public const string V1Package = "grpc.reflection.v1";

    public const string V1FileName = "grpc/reflection/v1/reflection.proto";

    public const string V1AlphaPackage = "grpc.reflection.v1alpha";

    public const string V1AlphaFileName = "grpc/reflection/v1alpha/reflection.proto";
}
