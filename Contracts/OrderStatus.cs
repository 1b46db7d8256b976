namespace CodeFirst.Orders.Contracts;

/// <summary>An order's life-cycle state (<c>order.v1.OrderStatus</c>; wire names <c>ORDER_STATUS_*</c>).</summary>
public enum OrderStatus
{
    /// <summary>Not set; in a filter, any status.</summary>
    Unspecified = 0,

    /// <summary>Created, not yet confirmed.</summary>
    Pending = 1,

    /// <summary>Confirmed by an admin.</summary>
    Confirmed = 2,

    /// <summary>Shipped.</summary>
    Shipped = 3,

    /// <summary>Cancelled before shipping.</summary>
    Cancelled = 4,
}
