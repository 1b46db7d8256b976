using System.Runtime.Serialization;

namespace CodeFirst.Grpc.Tests.RichErrors;

/// <summary>A user type claiming the built-in <c>google.rpc.ErrorInfo</c>'s name, so registering it must fail.</summary>
[DataContract(Name = "ErrorInfo"), ProtoPackage("google.rpc", FileName = "google/rpc/error_details.proto")]
public sealed class ErrorInfoImpostor
{
    [DataMember(Order = 1)] public string Reason { get; set; } = "";
}
