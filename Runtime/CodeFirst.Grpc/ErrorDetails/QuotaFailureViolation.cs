using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary>
/// <c>google.rpc.QuotaFailure.Violation</c>: one quota violation. Exported as the top-level
/// <c>google.rpc.QuotaFailureViolation</c> (contracts cannot nest messages); the wire format is the same.
/// </summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class QuotaFailureViolation
{
    /// <summary>The subject on which the quota check failed, for example <c>clientip:1.2.3.4</c>.</summary>
    [DataMember(Order = 1)] public string Subject { get; set; } = "";

    /// <summary>Why the quota check failed.</summary>
    [DataMember(Order = 2)] public string Description { get; set; } = "";
}
