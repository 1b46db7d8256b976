using System.Text.Json;
using CodeFirst.Orders.Client.Output;

namespace CodeFirst.Orders.Client.Tests;

/// <summary><c>--json</c> output follows protobuf's JSON mapping of the order service's messages.</summary>
[TestClass]
public sealed class ProtoJsonTests
{
    [TestMethod]
    public void Order_uses_proto_json_names_enum_names_and_rfc3339_timestamps()
    {
        var order = new Order
        {
            Id = "0193a1b2-0000-7000-8000-000000000001",
            CustomerId = "alice",
            Items = [new LineItem { ProductId = "p-1", Quantity = 2, UnitPrice = 29.99 }, new LineItem { ProductId = "p-2", Quantity = 1, UnitPrice = 0.5 }],
            Total = 60.48,
            Status = OrderStatus.Pending,
            CreatedAt = new DateTime(2025, 1, 31, 9, 30, 0, DateTimeKind.Utc),
            UpdatedAt = new DateTime(2025, 1, 31, 9, 30, 0, 250, DateTimeKind.Utc),
        };

        var json = ProtoJson.Format(order);

        Assert.DoesNotContain("\n", json, "One object per line.");
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        CollectionAssert.AreEqual(
            new[] { "id", "customerId", "items", "total", "status", "createdAt", "updatedAt" },
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual(order.Id, root.GetProperty("id").GetString());
        Assert.AreEqual("alice", root.GetProperty("customerId").GetString());
        var first = root.GetProperty("items")[0];
        CollectionAssert.AreEqual(new[] { "productId", "quantity", "unitPrice" }, first.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual("p-1", first.GetProperty("productId").GetString());
        Assert.AreEqual(2, first.GetProperty("quantity").GetInt32());
        Assert.AreEqual(29.99, first.GetProperty("unitPrice").GetDouble());
        Assert.AreEqual(60.48, root.GetProperty("total").GetDouble());
        Assert.AreEqual("ORDER_STATUS_PENDING", root.GetProperty("status").GetString());
        Assert.AreEqual("2025-01-31T09:30:00Z", root.GetProperty("createdAt").GetString());
        Assert.AreEqual("2025-01-31T09:30:00.250Z", root.GetProperty("updatedAt").GetString());
    }

    [TestMethod]
    public void Defaults_are_written_and_unset_timestamps_left_out()
    {
        using var document = JsonDocument.Parse(ProtoJson.Format(new Order()));
        var root = document.RootElement;

        Assert.AreEqual("", root.GetProperty("id").GetString());
        Assert.AreEqual(0, root.GetProperty("items").GetArrayLength());
        Assert.AreEqual(0, root.GetProperty("total").GetDouble());
        Assert.AreEqual("ORDER_STATUS_UNSPECIFIED", root.GetProperty("status").GetString());
        Assert.IsFalse(root.TryGetProperty("createdAt", out _));
        Assert.IsFalse(root.TryGetProperty("updatedAt", out _));
    }

    [TestMethod]
    [DataRow(0L, "2025-01-31T09:30:00Z")]
    [DataRow(1_230_000L, "2025-01-31T09:30:00.123Z")]
    [DataRow(1_234_560L, "2025-01-31T09:30:00.123456Z")]
    [DataRow(1_234_567L, "2025-01-31T09:30:00.123456700Z")]
    public void Timestamps_have_0_3_6_or_9_fraction_digits(long ticks, string expected)
    {
        var time = new DateTime(2025, 1, 31, 9, 30, 0, DateTimeKind.Utc).AddTicks(ticks);

        Assert.AreEqual(expected, ProtoJson.Timestamp(time));
    }

    [TestMethod]
    public void Statuses_and_non_finite_numbers_are_written_as_protobuf_does()
    {
        Assert.AreEqual("ORDER_STATUS_CANCELLED", ProtoJson.StatusName(OrderStatus.Cancelled));
        Assert.AreEqual("7", ProtoJson.StatusName((OrderStatus)7));
        using var document = JsonDocument.Parse(ProtoJson.Format(new Order { Total = double.NaN, Items = [new LineItem { UnitPrice = double.PositiveInfinity }] }));
        Assert.AreEqual("NaN", document.RootElement.GetProperty("total").GetString());
        Assert.AreEqual("Infinity", document.RootElement.GetProperty("items")[0].GetProperty("unitPrice").GetString());
    }

    [TestMethod]
    public void Chat_message_and_upload_summary()
    {
        var message = ProtoJson.Format(new ChatMessage { OrderId = "o-1", Sender = "alice", Text = "naïve \"quote\"", SentAt = new DateTime(2025, 1, 31, 9, 30, 5, DateTimeKind.Utc) });
        var summary = ProtoJson.Format(new UploadSummary { OrderId = "o-1", ItemsReceived = 5000, Total = 12345.67 });

        Assert.AreEqual("""{"orderId":"o-1","sender":"alice","text":"naïve \"quote\"","sentAt":"2025-01-31T09:30:05Z"}""", message);
        Assert.AreEqual("""{"orderId":"o-1","itemsReceived":5000,"total":12345.67}""", summary);
    }
}
