using System.Diagnostics.CodeAnalysis;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Input;

/// <summary>The <c>--item PRODUCT:QUANTITY:UNIT_PRICE</c> syntax (<c>p-1:2:29.99</c>).</summary>
internal static class ItemSpec
{
    public const string Syntax = "PRODUCT:QUANTITY:UNIT_PRICE";

    /// <summary>Parses one value; the product id may itself contain ':' (the last two fields are split off).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out LineItem? item, [NotNullWhen(false)] out string? error)
    {
        var priceSeparator = text.LastIndexOf(':');
        var quantitySeparator = priceSeparator > 0 ? text.LastIndexOf(':', priceSeparator - 1) : -1;
        if (quantitySeparator < 0)
        {
            item = null;
            error = $"--item '{text}' is not {Syntax} (like p-1:2:29.99)";
            return false;
        }
        if (LineItemFields.TryCreate(text[..quantitySeparator], text[(quantitySeparator + 1)..priceSeparator], text[(priceSeparator + 1)..], out item, out var fieldError))
        {
            error = null;
            return true;
        }
        error = $"--item '{text}': {fieldError}";
        return false;
    }
}
