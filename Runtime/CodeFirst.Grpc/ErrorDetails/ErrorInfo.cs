using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary><c>google.rpc.ErrorInfo</c>: the cause of an error, as a machine-readable reason within a domain.</summary>
/// <example>
/// <code>
/// new ErrorInfo { Reason = "ORDER_NOT_FOUND", Domain = "order.v1", Metadata = { ["order_id"] = id } }
/// </code>
/// </example>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class ErrorInfo
{
    /// <summary>The reason of the error, a constant in UPPER_SNAKE_CASE unique within <see cref="Domain"/>.</summary>
    [DataMember(Order = 1)] public string Reason { get; set; } = "";

    /// <summary>The logical grouping the reason belongs to, typically the service name.</summary>
    [DataMember(Order = 2)] public string Domain { get; set; } = "";

    /// <summary>Additional structured details about the error.</summary>
    [DataMember(Order = 3)] public Dictionary<string, string> Metadata { get; } = [];
}
