using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Reflection.V1;

/// <summary><c>grpc.reflection.v1.ErrorResponse</c>: why a request could not be answered; the stream goes on.</summary>
[DataContract, ProtoPackage(ReflectionProto.V1Package, FileName = ReflectionProto.V1FileName)]
public sealed class ErrorResponse
{
    /// <summary>A gRPC status code (<see cref="StatusCode"/>), for example 5 (<c>NOT_FOUND</c>).</summary>
    [DataMember(Order = 1)] public int ErrorCode { get; set; }

    /// <summary>What went wrong.</summary>
    [DataMember(Order = 2)] public string ErrorMessage { get; set; } = "";
}
