using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary><c>google.rpc.RequestInfo</c>: identifies the failed request, for bug reports and support.</summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class RequestInfo
{
    /// <summary>An opaque identifier of the request in the service's logs.</summary>
    [DataMember(Order = 1)] public string RequestId { get; set; } = "";

    /// <summary>Any data used to serve the request, for example an encrypted stack trace.</summary>
    [DataMember(Order = 2)] public string ServingData { get; set; } = "";
}
