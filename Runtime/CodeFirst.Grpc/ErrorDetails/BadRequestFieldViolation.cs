using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary>
/// <c>google.rpc.BadRequest.FieldViolation</c>: one invalid request field. Exported as the top-level
/// <c>google.rpc.BadRequestFieldViolation</c> (contracts cannot nest messages); the wire format is the same.
/// </summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class BadRequestFieldViolation
{
    /// <summary>A path to the field, for example <c>items[0].quantity</c>.</summary>
    [DataMember(Order = 1)] public string Field { get; set; } = "";

    /// <summary>Why the field is invalid.</summary>
    [DataMember(Order = 2)] public string Description { get; set; } = "";
}
