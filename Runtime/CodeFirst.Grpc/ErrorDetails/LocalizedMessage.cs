using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary><c>google.rpc.LocalizedMessage</c>: an error message localized for the end user.</summary>
[DataContract, ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class LocalizedMessage
{
    /// <summary>The BCP-47 locale of <see cref="Message"/>, for example <c>en-US</c>.</summary>
    [DataMember(Order = 1)] public string Locale { get; set; } = "";

    /// <summary>The localized error message.</summary>
    [DataMember(Order = 2)] public string Message { get; set; } = "";
}
