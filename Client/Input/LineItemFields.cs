using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Input;

/// <summary>
/// A line item from its three texts, shared by <c>--item</c> and the upload CSV. Only the syntax is checked here:
/// ranges (quantity 1..10000, a price not negative) are the server's to judge, so its answer names the field.
/// </summary>
internal static class LineItemFields
{
    public static bool TryCreate(string productId, string quantity, string unitPrice, [NotNullWhen(true)] out LineItem? item, [NotNullWhen(false)] out string? error)
    {
        item = null;
        if (!int.TryParse(quantity, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsedQuantity))
        {
            error = $"quantity '{quantity}' is not a whole number";
            return false;
        }
        if (!double.TryParse(unitPrice, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var parsedPrice))
        {
            error = $"unit price '{unitPrice}' is not a number (use a '.' for decimals)";
            return false;
        }
        item = new LineItem { ProductId = productId, Quantity = parsedQuantity, UnitPrice = parsedPrice };
        error = null;
        return true;
    }
}
