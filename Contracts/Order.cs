using System.Runtime.Serialization;

namespace CodeFirst.Orders.Contracts;

/// <summary>A stored order.</summary>
[DataContract]
public sealed class Order
{
    /// <summary>Server-assigned id.</summary>
    [DataMember(Order = 1)]
    public string Id { get; set; } = "";

    /// <summary>The customer the order belongs to.</summary>
    [DataMember(Order = 2)]
    public string CustomerId { get; set; } = "";

    /// <summary>The line items.</summary>
    [DataMember(Order = 3)]
    public List<LineItem> Items { get; set; } = [];

    /// <summary>Sum of quantity times unit price, rounded to cents.</summary>
    [DataMember(Order = 4)]
    public double Total { get; set; }

    /// <summary>Where the order is in its life cycle.</summary>
    [DataMember(Order = 5)]
    public OrderStatus Status { get; set; }

    /// <summary>When the order was created (UTC).</summary>
    [DataMember(Order = 6)]
    public DateTime? CreatedAt { get; set; }

    /// <summary>When the order last changed (UTC).</summary>
    [DataMember(Order = 7)]
    public DateTime? UpdatedAt { get; set; }
}
