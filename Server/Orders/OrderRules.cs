using System.Collections.Frozen;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.ErrorDetails;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Server.Orders;

/// <summary>
/// The order service's rules that need no storage or caller (SPEC.md section 3): what a valid request is, how an
/// order is priced, and which status moves are allowed. Field names in violations are the proto names
/// (<c>items[2].quantity</c>), as clients in every language see them.
/// </summary>
internal static class OrderRules
{
    /// <summary>Most items one <c>CreateOrder</c> may carry.</summary>
    public const int MaxItemsPerCreate = 1000;

    /// <summary>Most items an order may hold, uploads included; bounds what one upload buffers.</summary>
    public const int MaxItemsPerOrder = 100_000;

    /// <summary>Largest quantity of one item.</summary>
    public const int MaxQuantity = 10_000;

    /// <summary>Largest unit price: finite prices beyond it would overflow exact cent arithmetic.</summary>
    public const double MaxUnitPrice = 1_000_000_000_000;

    /// <summary>Longest id, customer id, product id or request id accepted.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Most violations reported for one request: enough to fix it, bounded for a stream of bad items.</summary>
    public const int MaxViolations = 100;

    /// <summary>The violations of a <c>CreateOrder</c> request; empty when it is valid.</summary>
    public static List<BadRequestFieldViolation> Validate(CreateOrderRequest request)
    {
        var violations = new List<BadRequestFieldViolation>();
        RequireId(violations, "customer_id", request.CustomerId);
        if (request.RequestId.Length > MaxIdLength)
        {
            Add(violations, "request_id", $"must be at most {MaxIdLength} characters");
        }
        if (request.Items.Count == 0)
        {
            Add(violations, "items", "must have at least one item");
        }
        else if (request.Items.Count > MaxItemsPerCreate)
        {
            Add(violations, "items", $"must have at most {MaxItemsPerCreate} items, not {request.Items.Count}");
        }
        else
        {
            for (var i = 0; i < request.Items.Count && violations.Count < MaxViolations; i++)
            {
                Validate(request.Items[i], i, violations);
            }
        }
        return violations;
    }

    /// <summary>Adds the violations of item <paramref name="index"/> (<c>items[index].*</c>) to <paramref name="violations"/>.</summary>
    public static void Validate(LineItem? item, int index, List<BadRequestFieldViolation> violations)
    {
        var prefix = $"items[{index}]";
        if (item is null)
        {
            Add(violations, prefix, "must not be empty");
            return;
        }
        RequireId(violations, prefix + ".product_id", item.ProductId);
        if (item.Quantity is < 1 or > MaxQuantity)
        {
            Add(violations, prefix + ".quantity", $"must be between 1 and {MaxQuantity}, not {item.Quantity}");
        }
        if (!double.IsFinite(item.UnitPrice) || item.UnitPrice < 0 || item.UnitPrice > MaxUnitPrice)
        {
            Add(violations, prefix + ".unit_price", $"must be a finite price between 0 and {MaxUnitPrice:0}, not {item.UnitPrice}");
        }
    }

    /// <summary>Adds a violation when <paramref name="value"/> is empty or too long.</summary>
    public static void RequireId(List<BadRequestFieldViolation> violations, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(violations, field, "must not be empty");
        }
        else if (value.Length > MaxIdLength)
        {
            Add(violations, field, $"must be at most {MaxIdLength} characters");
        }
    }

    /// <summary>Adds a violation of <paramref name="field"/>.</summary>
    public static void Add(List<BadRequestFieldViolation> violations, string field, string description) =>
        violations.Add(new BadRequestFieldViolation { Field = field, Description = description });

    /// <summary>
    /// The sum of quantity times unit price, rounded to cents (half away from zero). Summed in decimal, so totals
    /// are exact in cents however many items there are.
    /// </summary>
    public static double Total(IEnumerable<LineItem> items)
    {
        decimal sum = 0;
        foreach (var item in items)
        {
            sum += item.Quantity * (decimal)item.UnitPrice;
        }
        return (double)Math.Round(sum, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Whether an order may move from <paramref name="from"/> to <paramref name="to"/>:
    /// PENDING → CONFIRMED → SHIPPED, and PENDING or CONFIRMED → CANCELLED.
    /// </summary>
    public static bool CanMove(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.Pending, OrderStatus.Confirmed) => true,
        (OrderStatus.Confirmed, OrderStatus.Shipped) => true,
        (OrderStatus.Pending or OrderStatus.Confirmed, OrderStatus.Cancelled) => true,
        _ => false,
    };

    private static readonly FrozenDictionary<OrderStatus, string> WireNames =
        ContractModel.GetEnum(typeof(OrderStatus)).Values.ToFrozenDictionary(value => (OrderStatus)value.Number, value => value.Name);

    /// <summary>A status as clients see it on the wire (<c>ORDER_STATUS_PENDING</c>): the name the contract model exports.</summary>
    public static string WireName(OrderStatus status) =>
        WireNames.TryGetValue(status, out var name) ? name : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="status"/> is one of the enum's values.</summary>
    public static bool IsKnown(OrderStatus status) => status is >= OrderStatus.Unspecified and <= OrderStatus.Cancelled;
}
