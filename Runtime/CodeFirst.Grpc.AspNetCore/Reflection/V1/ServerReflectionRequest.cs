using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Reflection.V1;

/// <summary>
/// <c>grpc.reflection.v1.ServerReflectionRequest</c>: one question on a reflection stream. Exactly one of the
/// <c>message_request</c> members is set (non-null); upstream's <c>oneof</c> is nullable members here.
/// </summary>
/// <remarks>
/// A received string member is <c>""</c>, not <see langword="null"/>, when the field is present but empty (as
/// <c>list_services</c> usually is). Sending, an empty string is not written (proto3), so set
/// <see cref="ListServices"/> to a non-empty value such as <c>"*"</c>: the server does not read it.
/// </remarks>
[DataContract, ProtoPackage(ReflectionProto.V1Package, FileName = ReflectionProto.V1FileName)]
public sealed class ServerReflectionRequest
{
    /// <summary>The host the client is asking about (echoed back in <see cref="ServerReflectionResponse.ValidHost"/>).</summary>
    [DataMember(Order = 1)] public string Host { get; set; } = "";

    /// <summary>Asks for a .proto file by name (<c>order/v1/order.proto</c>), with its dependencies.</summary>
    [DataMember(Order = 3)] public string? FileByFilename { get; set; }

    /// <summary>Asks for the file declaring a fully qualified symbol: a service, method, message, field or enum.</summary>
    [DataMember(Order = 4)] public string? FileContainingSymbol { get; set; }

    /// <summary>Asks for the file declaring an extension (proto3 contracts declare none).</summary>
    [DataMember(Order = 5)] public ExtensionRequest? FileContainingExtension { get; set; }

    /// <summary>Asks for the extension numbers of a message type (always none for proto3 contracts).</summary>
    [DataMember(Order = 6)] public string? AllExtensionNumbersOfType { get; set; }

    /// <summary>Asks for the names of the services the server exposes; the value is not read.</summary>
    [DataMember(Order = 7)] public string? ListServices { get; set; }
}
