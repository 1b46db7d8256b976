using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Reflection.V1Alpha;

/// <summary><c>grpc.reflection.v1alpha.FileDescriptorResponse</c>: serialized <c>google.protobuf.FileDescriptorProto</c>s.</summary>
[DataContract, ProtoPackage(ReflectionProto.V1AlphaPackage, FileName = ReflectionProto.V1AlphaFileName)]
public sealed class FileDescriptorResponse
{
    /// <summary>The files, each a serialized <c>FileDescriptorProto</c>: the one asked for first, then its transitive dependencies.</summary>
    [DataMember(Order = 1)] public List<byte[]> FileDescriptorProto { get; set; } = [];
}
