using System.Runtime.Serialization;

namespace CodeFirst.Grpc.Tests.RichErrors;

/// <summary>Another CLR type with <see cref="OrderConflict"/>'s protobuf name, so registering it must fail.</summary>
[DataContract(Name = "OrderConflict"), ProtoPackage("shop.errors.v1")]
public sealed class OrderConflictImpostor
{
    [DataMember(Order = 1)] public string OrderId { get; set; } = "";
}
