using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary>
/// <c>google.rpc.Help.Link</c>: one documentation link. Exported as the top-level
/// <c>google.rpc.HelpLink</c> (contracts cannot nest messages); the wire format is the same.
/// </summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class HelpLink
{
    /// <summary>What the link offers.</summary>
    [DataMember(Order = 1)] public string Description { get; set; } = "";

    /// <summary>The URL of the link.</summary>
    [DataMember(Order = 2)] public string Url { get; set; } = "";
}
