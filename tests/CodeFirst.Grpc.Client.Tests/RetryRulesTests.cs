using CodeFirst.Grpc.Client.Internal;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>The retry decision and backoff (gRPC A6), without a socket.</summary>
[TestClass]
public sealed class RetryRulesTests
{
    private static readonly RetryPolicy Policy = new()
    {
        MaxAttempts = 4,
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(300),
        BackoffMultiplier = 2,
        RetryableStatusCodes = { StatusCode.Unavailable },
    };

    [TestMethod]
    [DataRow(1, 100.0)]
    [DataRow(2, 200.0)]
    [DataRow(3, 300.0)] // 400 capped at MaxBackoff
    public void Backoff_bound_grows_by_the_multiplier_up_to_the_cap(int attemptsMade, double bound)
    {
        Assert.AreEqual(bound, RetryRules.NextDelay(Policy, attemptsMade, StatusCode.Unavailable, null, random: 1.0)!.Value.TotalMilliseconds, 0.001);
        Assert.AreEqual(bound / 2, RetryRules.NextDelay(Policy, attemptsMade, StatusCode.Unavailable, null, random: 0.5)!.Value.TotalMilliseconds, 0.001);
    }

    [TestMethod]
    public void No_retry_once_attempts_are_used_up() =>
        Assert.IsNull(RetryRules.NextDelay(Policy, 4, StatusCode.Unavailable, null, 0.5));

    [TestMethod]
    public void Attempts_are_capped_at_five_whatever_the_policy_says()
    {
        var greedy = new RetryPolicy { MaxAttempts = 50, RetryableStatusCodes = { StatusCode.Unavailable } };
        Assert.IsNotNull(RetryRules.NextDelay(greedy, 4, StatusCode.Unavailable, null, 0.5));
        Assert.IsNull(RetryRules.NextDelay(greedy, 5, StatusCode.Unavailable, null, 0.5));
    }

    [TestMethod]
    public void A_status_outside_the_policy_is_not_retried() =>
        Assert.IsNull(RetryRules.NextDelay(Policy, 1, StatusCode.Internal, null, 0.5));

    [TestMethod]
    [DataRow("250", 250.0)]
    [DataRow("0", 0.0)]
    public void A_valid_pushback_is_the_exact_wait(string pushback, double milliseconds) =>
        Assert.AreEqual(milliseconds, RetryRules.NextDelay(Policy, 1, StatusCode.Unavailable, pushback, 0.99)!.Value.TotalMilliseconds);

    [TestMethod]
    [DataRow("-5")]
    [DataRow("1.5")]
    [DataRow("")]
    public void A_negative_or_malformed_pushback_stops_retries(string pushback) =>
        Assert.IsNull(RetryRules.NextDelay(Policy, 1, StatusCode.Unavailable, pushback, 0.5));
}
