using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Reflection.V1;

/// <summary><c>grpc.reflection.v1.ExtensionNumberResponse</c>: the extension numbers of a message type.</summary>
[DataContract, ProtoPackage(ReflectionProto.V1Package, FileName = ReflectionProto.V1FileName)]
public sealed class ExtensionNumberResponse
{
    /// <summary>The fully qualified name of the message type.</summary>
    [DataMember(Order = 1)] public string BaseTypeName { get; set; } = "";

    /// <summary>The extension numbers.</summary>
    [DataMember(Order = 2)] public List<int> ExtensionNumber { get; set; } = [];
}
