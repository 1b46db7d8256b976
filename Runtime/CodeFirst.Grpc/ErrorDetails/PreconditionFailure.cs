using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary><c>google.rpc.PreconditionFailure</c>: which preconditions failed.</summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class PreconditionFailure
{
    /// <summary>The precondition violations.</summary>
    [DataMember(Order = 1)] public List<PreconditionFailureViolation> Violations { get; } = [];
}
