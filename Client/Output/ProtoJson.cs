using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Output;

/// <summary>
/// The order service's messages as protobuf's JSON mapping writes them: lowerCamel field names, enums by their
/// proto names, timestamps in RFC 3339 (UTC, 0/3/6/9 fraction digits), NaN and infinities as strings. Fields are
/// written even when they hold their default value, so a script can rely on every key being there.
/// </summary>
internal static class ProtoJson
{
    // The names the schema export and reflection publish, from the one contract model rather than a copy here.
    private static readonly FrozenDictionary<int, string> StatusNames =
        ContractModel.GetEnum(typeof(OrderStatus)).Values.ToFrozenDictionary(value => value.Number, value => value.Name);

    public static string Format(Order order) => JsonText.Write(writer => WriteOrder(writer, order));

    public static string Format(ChatMessage message) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("orderId", message.OrderId);
        writer.WriteString("sender", message.Sender);
        writer.WriteString("text", message.Text);
        WriteTimestamp(writer, "sentAt", message.SentAt);
        writer.WriteEndObject();
    });

    public static string Format(UploadSummary summary) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("orderId", summary.OrderId);
        writer.WriteNumber("itemsReceived", summary.ItemsReceived);
        WriteDouble(writer, "total", summary.Total);
        writer.WriteEndObject();
    });

    /// <summary>The enum value's name in the proto (<c>ORDER_STATUS_PENDING</c>), or its number when it has none.</summary>
    public static string StatusName(OrderStatus status) =>
        StatusNames.TryGetValue((int)status, out var name) ? name : ((int)status).ToString(CultureInfo.InvariantCulture);

    /// <summary>A <c>google.protobuf.Timestamp</c> in JSON: <c>2025-01-31T09:30:00.250Z</c>.</summary>
    public static string Timestamp(DateTime value)
    {
        // Unspecified is what the codec hands back for UTC on some paths; only Local needs converting.
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        var ticks = utc.Ticks % TimeSpan.TicksPerSecond;
        var (fraction, padding) = ticks switch
        {
            0 => ("", ""),
            _ when ticks % TimeSpan.TicksPerMillisecond == 0 => (".fff", ""),
            _ when ticks % TimeSpan.TicksPerMicrosecond == 0 => (".ffffff", ""),
            _ => (".fffffff", "00"), // 100 ns ticks: nine digits, as protobuf writes nanoseconds
        };
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss" + fraction, CultureInfo.InvariantCulture) + padding + "Z";
    }

    private static void WriteOrder(Utf8JsonWriter writer, Order order)
    {
        writer.WriteStartObject();
        writer.WriteString("id", order.Id);
        writer.WriteString("customerId", order.CustomerId);
        writer.WriteStartArray("items");
        foreach (var item in order.Items)
        {
            writer.WriteStartObject();
            writer.WriteString("productId", item.ProductId);
            writer.WriteNumber("quantity", item.Quantity);
            WriteDouble(writer, "unitPrice", item.UnitPrice);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WriteDouble(writer, "total", order.Total);
        writer.WriteString("status", StatusName(order.Status));
        WriteTimestamp(writer, "createdAt", order.CreatedAt);
        WriteTimestamp(writer, "updatedAt", order.UpdatedAt);
        writer.WriteEndObject();
    }

    private static void WriteDouble(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteString(name, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>An unset timestamp is an absent message field: left out, as protobuf does.</summary>
    private static void WriteTimestamp(Utf8JsonWriter writer, string name, DateTime? value)
    {
        if (value is { } timestamp)
        {
            writer.WriteString(name, Timestamp(timestamp));
        }
    }
}
