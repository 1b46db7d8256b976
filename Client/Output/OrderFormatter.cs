using System.Globalization;
using CodeFirst.Orders.Client.Input;
using CodeFirst.Orders.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CodeFirst.Orders.Client.Output;

/// <summary>Orders, chat messages and upload summaries for people: local times, money to the cent, aligned columns.</summary>
internal static class OrderFormatter
{
    // Wide enough for a GUID id; longer ids push the row along rather than being cut.
    private const string ListRowFormat = "{0,-36}  {1,-12}  {2,-9}  {3,5}  {4,12}  {5}";

    /// <summary>One order in full: its fields as aligned lines, then a table of its items.</summary>
    public static IRenderable Order(Order order)
    {
        var fields = string.Join('\n',
            Field("Order", order.Id),
            Field("Customer", order.CustomerId),
            Field("Status", OrderStatusText.Name(order.Status)),
            Field("Total", Money(order.Total)),
            Field("Created", Time(order.CreatedAt)),
            Field("Updated", Time(order.UpdatedAt)));

        var items = new Table().Border(TableBorder.Rounded)
            .AddColumn("Product")
            .AddColumn(new TableColumn("Quantity").RightAligned())
            .AddColumn(new TableColumn("Unit price").RightAligned())
            .AddColumn(new TableColumn("Amount").RightAligned());
        foreach (var item in order.Items)
        {
            items.AddRow(
                new Text(item.ProductId),
                new Text(item.Quantity.ToString(CultureInfo.InvariantCulture)),
                new Text(Price(item.UnitPrice)),
                new Text(Money(item.Quantity * item.UnitPrice)));
        }
        return new Rows(new Text(fields), items);
    }

    /// <summary>The heading over <see cref="ListRow"/> lines.</summary>
    public static string ListHeader() =>
        string.Format(CultureInfo.InvariantCulture, ListRowFormat, "ID", "CUSTOMER", "STATUS", "ITEMS", "TOTAL", "CREATED");

    /// <summary>One order on one line, printed as the list streams in.</summary>
    public static string ListRow(Order order) =>
        string.Format(CultureInfo.InvariantCulture, ListRowFormat,
            order.Id, order.CustomerId, OrderStatusText.Name(order.Status), order.Items.Count, Money(order.Total), Time(order.CreatedAt));

    /// <summary><c>[14:03:12] alice: is it shipped yet?</c></summary>
    public static string ChatLine(ChatMessage message) =>
        $"[{(message.SentAt is { } sent ? Local(sent).ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "--:--:--")}] {message.Sender}: {message.Text}";

    public static string UploadSummary(UploadSummary summary) =>
        string.Format(CultureInfo.InvariantCulture, "Uploaded {0} items to order {1}; its total is now {2}.",
            summary.ItemsReceived, summary.OrderId, Money(summary.Total));

    public static string Money(double amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Prices keep sub-cent digits someone typed (0.125), but show at least cents.</summary>
    public static string Price(double amount) => amount.ToString("0.00####", CultureInfo.InvariantCulture);

    private static string Time(DateTime? value) =>
        value is { } time ? Local(time).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";

    private static DateTime Local(DateTime value) =>
        (value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value).ToLocalTime();

    private static string Field(string name, string value) => $"{name,-10}{value}";
}
