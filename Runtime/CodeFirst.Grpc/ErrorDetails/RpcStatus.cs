using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary>
/// <c>google.rpc.Status</c>: the rich error model's status, sent in the <c>grpc-status-details-bin</c> trailer.
/// </summary>
/// <remarks>Use <see cref="RichStatus.Encode"/> and <see cref="RichStatus.DecodeDetails"/> rather than this type directly.</remarks>
[DataContract(Name = "Status"), ProtoPackage("google.rpc", FileName = "google/rpc/status.proto")]
public sealed class RpcStatus
{
    /// <summary>The status code, a <see cref="StatusCode"/> value.</summary>
    [DataMember(Order = 1)] public int Code { get; set; }

    /// <summary>The developer-facing error message.</summary>
    [DataMember(Order = 2)] public string Message { get; set; } = "";

    /// <summary>The error details, each a message packed into an <see cref="Any"/>.</summary>
    [DataMember(Order = 3)] public List<Any> Details { get; } = [];
}
