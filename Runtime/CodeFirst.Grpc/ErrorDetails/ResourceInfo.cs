using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary><c>google.rpc.ResourceInfo</c>: the resource being accessed.</summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class ResourceInfo
{
    /// <summary>The type of the resource, for example a type URL or a name such as <c>order</c>.</summary>
    [DataMember(Order = 1)] public string ResourceType { get; set; } = "";

    /// <summary>The name of the resource.</summary>
    [DataMember(Order = 2)] public string ResourceName { get; set; } = "";

    /// <summary>The owner of the resource, if any.</summary>
    [DataMember(Order = 3)] public string Owner { get; set; } = "";

    /// <summary>What error was met accessing the resource.</summary>
    [DataMember(Order = 4)] public string Description { get; set; } = "";
}
