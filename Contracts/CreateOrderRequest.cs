using System.Runtime.Serialization;

namespace CodeFirst.Orders.Contracts;

/// <summary>A request to create an order.</summary>
[DataContract]
public sealed class CreateOrderRequest
{
    /// <summary>The customer the order is for; must not be empty.</summary>
    [DataMember(Order = 1)]
    public string CustomerId { get; set; } = "";

    /// <summary>The line items: 1 to 1000 of them.</summary>
    [DataMember(Order = 2)]
    public List<LineItem> Items { get; set; } = [];

    /// <summary>
    /// Optional idempotency key: a retry with the same key and the same content returns the order first
    /// created; the same key with other content is ALREADY_EXISTS.
    /// </summary>
    [DataMember(Order = 3)]
    public string RequestId { get; set; } = "";
}
