using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Reflection.V1Alpha;

/// <summary><c>grpc.reflection.v1alpha.ListServiceResponse</c>: the services the server exposes.</summary>
[DataContract, ProtoPackage(ReflectionProto.V1AlphaPackage, FileName = ReflectionProto.V1AlphaFileName)]
public sealed class ListServiceResponse
{
    /// <summary>One entry per service.</summary>
    [DataMember(Order = 1)] public List<ServiceResponse> Service { get; set; } = [];
}
