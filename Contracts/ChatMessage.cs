using System.Runtime.Serialization;

namespace CodeFirst.Orders.Contracts;

/// <summary>A message in an order's chat room.</summary>
[DataContract]
public sealed class ChatMessage
{
    /// <summary>The order whose room this is; the first message of a stream fixes it.</summary>
    [DataMember(Order = 1)]
    public string OrderId { get; set; } = "";

    /// <summary>Set by the server from the authenticated caller; ignored when a client sends it.</summary>
    [DataMember(Order = 2)]
    public string Sender { get; set; } = "";

    /// <summary>The text; empty text from a client joins the room without posting.</summary>
    [DataMember(Order = 3)]
    public string Text { get; set; } = "";

    /// <summary>Set by the server.</summary>
    [DataMember(Order = 4)]
    public DateTime? SentAt { get; set; }
}
