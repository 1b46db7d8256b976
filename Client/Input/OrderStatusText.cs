using System.CommandLine.Parsing;
using System.Diagnostics.CodeAnalysis;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Input;

/// <summary>Order statuses as typed on the command line (<c>confirmed</c>) and as printed.</summary>
internal static class OrderStatusText
{
    public static readonly OrderStatus[] Filterable = [OrderStatus.Pending, OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Cancelled];

    /// <summary>Where <c>status</c> can move an order (it starts PENDING).</summary>
    public static readonly OrderStatus[] Targets = [OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Cancelled];

    public static string Name(OrderStatus status) => status.ToString().ToLowerInvariant();

    public static string Choices(IEnumerable<OrderStatus> allowed) => string.Join('|', allowed.Select(Name));

    /// <summary>Case-insensitive; only the <paramref name="allowed"/> statuses.</summary>
    public static bool TryParse(string text, IReadOnlyCollection<OrderStatus> allowed, out OrderStatus status, [NotNullWhen(false)] out string? error)
    {
        foreach (var candidate in allowed)
        {
            if (string.Equals(text, Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                (status, error) = (candidate, null);
                return true;
            }
        }
        (status, error) = (OrderStatus.Unspecified, $"'{text}' is not one of {Choices(allowed)}");
        return false;
    }

    /// <summary>A System.CommandLine parser for an option or argument taking one of <paramref name="allowed"/>.</summary>
    public static Func<ArgumentResult, OrderStatus> Parser(IReadOnlyCollection<OrderStatus> allowed, string name) => result =>
    {
        if (TryParse(result.Tokens.Single().Value, allowed, out var status, out var error))
        {
            return status;
        }
        result.AddError($"{name} {error}.");
        return OrderStatus.Unspecified;
    };
}
