using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary><c>google.rpc.BadRequest</c>: what is wrong with the fields of a request.</summary>
/// <example>
/// <code>
/// new BadRequest { FieldViolations = { new BadRequestFieldViolation { Field = "items[0].quantity", Description = "must be positive" } } }
/// </code>
/// </example>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class BadRequest
{
    /// <summary>The field violations.</summary>
    [DataMember(Order = 1)] public List<BadRequestFieldViolation> FieldViolations { get; } = [];
}
