using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary>
/// <c>google.rpc.PreconditionFailure.Violation</c>: one failed precondition. Exported as the top-level
/// <c>google.rpc.PreconditionFailureViolation</c> (contracts cannot nest messages); the wire format is the same.
/// </summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class PreconditionFailureViolation
{
    /// <summary>The kind of precondition, a service-specific constant such as <c>TOS</c>.</summary>
    [DataMember(Order = 1)] public string Type { get; set; } = "";

    /// <summary>The subject, relative to <see cref="Type"/>, that failed.</summary>
    [DataMember(Order = 2)] public string Subject { get; set; } = "";

    /// <summary>How the precondition failed.</summary>
    [DataMember(Order = 3)] public string Description { get; set; } = "";
}
