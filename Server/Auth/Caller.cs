using CodeFirst.Grpc;

namespace CodeFirst.Orders.Server.Auth;

/// <summary>Who is calling, as the order rules need it: a subject (a customer id) and whether it is an admin.</summary>
/// <param name="Subject">The token's subject.</param>
/// <param name="IsAdmin">Whether the caller has the <c>admin</c> role.</param>
internal sealed record Caller(string Subject, bool IsAdmin)
{
    /// <summary>The role that sees and changes every order.</summary>
    public const string AdminRole = "admin";

    /// <summary>The authenticated caller of <paramref name="context"/> (set by <see cref="BearerTokenInterceptor"/>).</summary>
    public static Caller From(CallContext context)
    {
        var user = context.ServerCallContext?.User;
        if (user?.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } subject })
        {
            throw new RpcException(StatusCode.Unauthenticated, "The call is not authenticated.");
        }
        return new Caller(subject, user.IsInRole(AdminRole));
    }

    /// <summary>Whether the caller may see and change orders of <paramref name="customerId"/>.</summary>
    public bool CanAccess(string customerId) => IsAdmin || string.Equals(customerId, Subject, StringComparison.Ordinal);
}
