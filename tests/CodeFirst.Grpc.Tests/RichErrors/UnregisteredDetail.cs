using System.Runtime.Serialization;

namespace CodeFirst.Grpc.Tests.RichErrors;

/// <summary>A user-defined error detail no test registers: a receiver sees it as a raw Any.</summary>
[DataContract, ProtoPackage("shop.errors.v1")]
public sealed class UnregisteredDetail
{
    [DataMember(Order = 1)] public string Note { get; set; } = "";
}
