using CodeFirst.Grpc.ErrorDetails;

namespace CodeFirst.Orders.Server.Tests.Infrastructure;

/// <summary>Assertions on failed calls: the status code and the rich details clients act on.</summary>
public static class RpcAssert
{
    /// <summary>Runs <paramref name="call"/>, bounded by <see cref="AsyncStreams.Timeout"/>, and checks it fails with <paramref name="expected"/>.</summary>
    public static async Task<RpcException> FailsAsync(StatusCode expected, Func<Task> call, string because = "")
    {
        RpcException? failure = null;
        try
        {
            await call().WaitAsync(AsyncStreams.Timeout);
        }
        catch (RpcException e)
        {
            failure = e;
        }
        Assert.IsNotNull(failure, $"Expected {expected} but the call succeeded. {because}");
        Assert.AreEqual(expected, failure.StatusCode, $"Status was {failure.Status}. {because}");
        return failure;
    }

    /// <summary>The <c>BadRequest</c> field names of <paramref name="failure"/>, which must be INVALID_ARGUMENT with one.</summary>
    public static string[] BadRequestFields(RpcException failure)
    {
        Assert.AreEqual(StatusCode.InvalidArgument, failure.StatusCode, failure.Status.ToString());
        var badRequest = failure.GetDetail<BadRequest>();
        Assert.IsNotNull(badRequest, $"INVALID_ARGUMENT without a google.rpc.BadRequest detail: {failure.Status}");
        foreach (var violation in badRequest.FieldViolations)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(violation.Description), $"The violation of '{violation.Field}' has no description.");
        }
        return [.. badRequest.FieldViolations.Select(v => v.Field)];
    }

    /// <summary>Checks <paramref name="failure"/> is INVALID_ARGUMENT whose <c>BadRequest</c> names exactly <paramref name="fields"/>, each once.</summary>
    public static void NamesExactly(RpcException failure, params string[] fields)
    {
        var named = BadRequestFields(failure);
        CollectionAssert.AreEquivalent(fields, named,
            $"BadRequest fields: [{string.Join(", ", named)}]; expected [{string.Join(", ", fields)}]. {failure.Status}");
    }

    /// <summary>Checks <paramref name="failure"/> is NOT_FOUND with <c>ErrorInfo{ORDER_NOT_FOUND, order.v1, {order_id}}</c>.</summary>
    public static void IsOrderNotFound(RpcException failure, string orderId)
    {
        Assert.AreEqual(StatusCode.NotFound, failure.StatusCode, failure.Status.ToString());
        var info = failure.GetDetail<ErrorInfo>();
        Assert.IsNotNull(info, $"NOT_FOUND without a google.rpc.ErrorInfo detail: {failure.Status}");
        Assert.AreEqual("ORDER_NOT_FOUND", info.Reason);
        Assert.AreEqual("order.v1", info.Domain);
        Assert.IsTrue(info.Metadata.TryGetValue("order_id", out var named), "ErrorInfo.metadata has no order_id.");
        Assert.AreEqual(orderId, named);
    }

    /// <summary>Checks <paramref name="failure"/> is FAILED_PRECONDITION with a <c>PreconditionFailure</c> about the order's status.</summary>
    public static void IsWrongStatus(RpcException failure, string orderId)
    {
        Assert.AreEqual(StatusCode.FailedPrecondition, failure.StatusCode, failure.Status.ToString());
        var precondition = failure.GetDetail<PreconditionFailure>();
        Assert.IsNotNull(precondition, $"FAILED_PRECONDITION without a google.rpc.PreconditionFailure detail: {failure.Status}");
        Assert.HasCount(1, precondition.Violations);
        var violation = precondition.Violations[0];
        Assert.AreEqual("ORDER_STATUS", violation.Type);
        Assert.AreEqual($"orders/{orderId}", violation.Subject);
        Assert.IsFalse(string.IsNullOrWhiteSpace(violation.Description));
    }
}
