using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary><c>google.rpc.RetryInfo</c>: when the client may retry a failed request.</summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class RetryInfo
{
    /// <summary>How long the client should wait before retrying (<c>google.protobuf.Duration</c>), or <see langword="null"/>.</summary>
    [DataMember(Order = 1)] public TimeSpan? RetryDelay { get; set; }
}
