using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary><c>google.rpc.Help</c>: links to documentation about the error.</summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class Help
{
    /// <summary>The links.</summary>
    [DataMember(Order = 1)] public List<HelpLink> Links { get; } = [];
}
