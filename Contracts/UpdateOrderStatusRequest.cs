using System.Runtime.Serialization;

namespace CodeFirst.Orders.Contracts;

/// <summary>A request to move an order to another status.</summary>
[DataContract]
public sealed class UpdateOrderStatusRequest
{
    /// <summary>The order's id.</summary>
    [DataMember(Order = 1)]
    public string Id { get; set; } = "";

    /// <summary>The status to move to.</summary>
    [DataMember(Order = 2)]
    public OrderStatus Status { get; set; }
}
