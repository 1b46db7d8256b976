using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Reflection.V1Alpha;

/// <summary>
/// <c>grpc.reflection.v1alpha.ServerReflectionResponse</c>: the answer to one <see cref="ServerReflectionRequest"/>. Exactly one of the
/// <c>message_response</c> members is set (non-null); upstream's <c>oneof</c> is nullable members here.
/// </summary>
[DataContract, ProtoPackage(ReflectionProto.V1AlphaPackage, FileName = ReflectionProto.V1AlphaFileName)]
public sealed class ServerReflectionResponse
{
    /// <summary>The request's <see cref="ServerReflectionRequest.Host"/>.</summary>
    [DataMember(Order = 1)] public string ValidHost { get; set; } = "";

    /// <summary>The request this answers.</summary>
    [DataMember(Order = 2)] public ServerReflectionRequest? OriginalRequest { get; set; }

    /// <summary>The answer to a file request: the file and its dependencies.</summary>
    [DataMember(Order = 4)] public FileDescriptorResponse? FileDescriptorResponse { get; set; }

    /// <summary>The answer to <see cref="ServerReflectionRequest.AllExtensionNumbersOfType"/>.</summary>
    [DataMember(Order = 5)] public ExtensionNumberResponse? AllExtensionNumbersResponse { get; set; }

    /// <summary>The answer to <see cref="ServerReflectionRequest.ListServices"/>.</summary>
    [DataMember(Order = 6)] public ListServiceResponse? ListServicesResponse { get; set; }

    /// <summary>The error, when the request could not be answered (for example <c>NOT_FOUND</c>).</summary>
    [DataMember(Order = 7)] public ErrorResponse? ErrorResponse { get; set; }
}
