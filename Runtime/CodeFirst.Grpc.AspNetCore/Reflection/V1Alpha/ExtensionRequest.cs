using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Reflection.V1Alpha;

/// <summary><c>grpc.reflection.v1alpha.ExtensionRequest</c>: an extended message type and an extension number.</summary>
[DataContract, ProtoPackage(ReflectionProto.V1AlphaPackage, FileName = ReflectionProto.V1AlphaFileName)]
public sealed class ExtensionRequest
{
    /// <summary>The fully qualified name of the extended message type.</summary>
    [DataMember(Order = 1)] public string ContainingType { get; set; } = "";

    /// <summary>The extension's field number.</summary>
    [DataMember(Order = 2)] public int ExtensionNumber { get; set; }
}
