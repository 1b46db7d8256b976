using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary><c>google.rpc.QuotaFailure</c>: how a quota check failed.</summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class QuotaFailure
{
    /// <summary>The quota violations.</summary>
    [DataMember(Order = 1)] public List<QuotaFailureViolation> Violations { get; } = [];
}
