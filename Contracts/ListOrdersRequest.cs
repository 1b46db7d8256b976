using System.Runtime.Serialization;

namespace CodeFirst.Orders.Contracts;

/// <summary>A filter over the caller's orders.</summary>
[DataContract]
public sealed class ListOrdersRequest
{
    /// <summary>Empty: every order the caller may see (an admin sees all, a customer its own).</summary>
    [DataMember(Order = 1)]
    public string CustomerId { get; set; } = "";

    /// <summary><see cref="OrderStatus.Unspecified"/>: any status.</summary>
    [DataMember(Order = 2)]
    public OrderStatus Status { get; set; }

    /// <summary>0: no limit.</summary>
    [DataMember(Order = 3)]
    public int Limit { get; set; }
}
