using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Reflection.V1;

/// <summary><c>grpc.reflection.v1.ExtensionRequest</c>: an extended message type and an extension number.</summary>
[DataContract, ProtoPackage(ReflectionProto.V1Package, FileName = ReflectionProto.V1FileName)]
public sealed class ExtensionRequest
{
    /// <summary>The fully qualified name of the extended message type.</summary>
    [DataMember(Order = 1)] public string ContainingType { get; set; } = "";

    /// <summary>The extension's field number.</summary>
    [DataMember(Order = 2)] public int ExtensionNumber { get; set; }
}
