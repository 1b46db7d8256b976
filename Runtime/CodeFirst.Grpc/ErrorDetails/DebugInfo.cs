using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary><c>google.rpc.DebugInfo</c>: debugging information from the server.</summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class DebugInfo
{
    /// <summary>The stack trace entries.</summary>
    [DataMember(Order = 1)] public List<string> StackEntries { get; } = [];

    /// <summary>Any other debugging information.</summary>
    [DataMember(Order = 2)] public string Detail { get; set; } = "";
}
