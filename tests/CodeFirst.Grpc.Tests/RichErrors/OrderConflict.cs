using System.Runtime.Serialization;

namespace CodeFirst.Grpc.Tests.RichErrors;

/// <summary>A user-defined error detail, registered with RichStatus by the test that uses it.</summary>
[DataContract, ProtoPackage("shop.errors.v1")]
public sealed class OrderConflict
{
    [DataMember(Order = 1)] public string OrderId { get; set; } = "";

    [DataMember(Order = 2)] public long ExpectedVersion { get; set; }
}
