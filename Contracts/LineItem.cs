using System.Runtime.Serialization;

namespace CodeFirst.Orders.Contracts;

/// <summary>One product line of an order.</summary>
[DataContract]
public sealed class LineItem
{
    /// <summary>The product; must not be empty.</summary>
    [DataMember(Order = 1)]
    public string ProductId { get; set; } = "";

    /// <summary>How many: 1 to 10000.</summary>
    [DataMember(Order = 2)]
    public int Quantity { get; set; }

    /// <summary>Price of one unit: finite and not negative.</summary>
    [DataMember(Order = 3)]
    public double UnitPrice { get; set; }
}
