using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Reflection.V1;

/// <summary><c>grpc.reflection.v1.ServiceResponse</c>: one service the server exposes.</summary>
[DataContract, ProtoPackage(ReflectionProto.V1Package, FileName = ReflectionProto.V1FileName)]
public sealed class ServiceResponse
{
    /// <summary>The fully qualified service name (<c>order.v1.OrderService</c>).</summary>
    [DataMember(Order = 1)] public string Name { get; set; } = "";
}
