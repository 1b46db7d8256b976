using CodeFirst.Grpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Ref = Order.V1;

namespace CodeFirst.Orders.Contracts.Tests;

/// <summary>The order contracts encode exactly as protoc's C# for the exported order.proto.</summary>
[TestClass]
public sealed class OrderEncodingTests
{
    private static readonly DateTime Created = new(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc);

    [TestMethod]
    public void Order_encodes_like_generated_code_and_decodes_its_bytes()
    {
        var order = new Order
        {
            Id = "ord-0001",
            CustomerId = "cust-42",
            Items = [new LineItem { ProductId = "p-1", Quantity = 2, UnitPrice = 29.99 }, new LineItem { ProductId = "p-ü", Quantity = 10000, UnitPrice = 0 }],
            Total = 59.98,
            Status = OrderStatus.Confirmed,
            CreatedAt = Created,
            UpdatedAt = Created.AddMinutes(5),
        };
        var reference = new Ref.Order
        {
            Id = "ord-0001",
            CustomerId = "cust-42",
            Items = { new Ref.LineItem { ProductId = "p-1", Quantity = 2, UnitPrice = 29.99 }, new Ref.LineItem { ProductId = "p-ü", Quantity = 10000 } },
            Total = 59.98,
            Status = Ref.OrderStatus.Confirmed,
            CreatedAt = Timestamp.FromDateTime(Created),
            UpdatedAt = Timestamp.FromDateTime(Created.AddMinutes(5)),
        };

        CollectionAssert.AreEqual(reference.ToByteArray(), MessageCodec.ToByteArray(order));
        var decoded = MessageCodec.Decode<Order>(reference.ToByteArray());
        Assert.AreEqual("p-ü", decoded.Items[1].ProductId);
        Assert.AreEqual(Created.AddMinutes(5), decoded.UpdatedAt);
        Assert.AreEqual(DateTimeKind.Utc, decoded.UpdatedAt!.Value.Kind);
        Assert.AreEqual(OrderStatus.Confirmed, decoded.Status);
    }

    [TestMethod]
    public void Chat_message_without_a_timestamp_omits_it()
    {
        var message = new ChatMessage { OrderId = "ord-1", Text = "hello" };

        CollectionAssert.AreEqual(new Ref.ChatMessage { OrderId = "ord-1", Text = "hello" }.ToByteArray(), MessageCodec.ToByteArray(message));
        Assert.IsNull(MessageCodec.Decode<ChatMessage>(MessageCodec.ToByteArray(message)).SentAt);
    }
}
