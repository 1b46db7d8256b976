using System.Runtime.Serialization;

namespace CodeFirst.Orders.Contracts;

/// <summary>A request for one order.</summary>
[DataContract]
public sealed class GetOrderRequest
{
    /// <summary>The order's id.</summary>
    [DataMember(Order = 1)]
    public string Id { get; set; } = "";
}
