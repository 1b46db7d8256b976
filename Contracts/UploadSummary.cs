using System.Runtime.Serialization;

namespace CodeFirst.Orders.Contracts;

/// <summary>The result of an <c>UploadLineItems</c> stream.</summary>
[DataContract]
public sealed class UploadSummary
{
    /// <summary>The order the items were added to.</summary>
    [DataMember(Order = 1)]
    public string OrderId { get; set; } = "";

    /// <summary>How many items the stream carried.</summary>
    [DataMember(Order = 2)]
    public int ItemsReceived { get; set; }

    /// <summary>The order's new total.</summary>
    [DataMember(Order = 3)]
    public double Total { get; set; }
}
