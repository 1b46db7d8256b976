using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Reflection.V1;

/// <summary><c>grpc.reflection.v1.ListServiceResponse</c>: the services the server exposes.</summary>
[DataContract, ProtoPackage(ReflectionProto.V1Package, FileName = ReflectionProto.V1FileName)]
public sealed class ListServiceResponse
{
    /// <summary>One entry per service.</summary>
    [DataMember(Order = 1)] public List<ServiceResponse> Service { get; set; } = [];
}
