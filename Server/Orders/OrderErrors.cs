using CodeFirst.Grpc;
using CodeFirst.Grpc.ErrorDetails;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Server.Orders;

/// <summary>The order service's failures, each a status with the rich details clients act on.</summary>
internal static class OrderErrors
{
    /// <summary>The <c>ErrorInfo.domain</c> of this service's errors.</summary>
    public const string Domain = "order.v1";

    /// <summary>NOT_FOUND with <c>ErrorInfo{ORDER_NOT_FOUND, order.v1, {order_id}}</c>: absent, or not the caller's to see.</summary>
    public static RpcException NotFound(string orderId) =>
        new(StatusCode.NotFound, $"Order '{orderId}' was not found.",
            [new ErrorInfo { Reason = "ORDER_NOT_FOUND", Domain = Domain, Metadata = { ["order_id"] = orderId } }]);

    /// <summary>INVALID_ARGUMENT with a <c>BadRequest</c> naming every bad field.</summary>
    public static RpcException InvalidArgument(string what, List<BadRequestFieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations);
        // The message names the fields (for clients that do not read details); the details say what is wrong with each.
        const int named = 10;
        var fields = string.Join(", ", violations.Take(named).Select(v => v.Field))
            + (violations.Count > named ? $" and {violations.Count - named} more" : "");
        return new RpcException(StatusCode.InvalidArgument, $"{what}; bad fields (see BadRequest): {fields}.", [badRequest]);
    }

    /// <summary>INVALID_ARGUMENT for one bad field.</summary>
    public static RpcException InvalidArgument(string what, string field, string description) =>
        InvalidArgument(what, [new BadRequestFieldViolation { Field = field, Description = description }]);

    /// <summary>FAILED_PRECONDITION because the order's status does not allow what was asked.</summary>
    public static RpcException WrongStatus(string orderId, OrderStatus status, string why) =>
        new(StatusCode.FailedPrecondition, $"Order '{orderId}' is {OrderRules.WireName(status)}: {why}.",
            [new PreconditionFailure
            {
                Violations = { new PreconditionFailureViolation { Type = "ORDER_STATUS", Subject = $"orders/{orderId}", Description = why } },
            }]);

    /// <summary>PERMISSION_DENIED, naming what the caller lacks.</summary>
    public static RpcException PermissionDenied(string why) => new(StatusCode.PermissionDenied, why);
}
