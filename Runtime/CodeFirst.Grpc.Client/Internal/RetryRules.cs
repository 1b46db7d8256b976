using System.Globalization;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>When a failed attempt is tried again, and after how long (gRPC A6, "Retry design"); pure, unit-tested.</summary>
internal static class RetryRules
{
    /// <summary>gRPC caps attempts at 5 whatever the policy says.</summary>
    public const int MaxAttemptsCap = 5;

    /// <summary>
    /// The wait before the next attempt, or <see langword="null"/> when there is none: the status is not retryable,
    /// the attempts are used up, or the server's pushback says not to retry.
    /// </summary>
    /// <param name="policy">The method's policy.</param>
    /// <param name="attemptsMade">Attempts made so far (1 after the first).</param>
    /// <param name="code">The failed attempt's status.</param>
    /// <param name="pushback">The failed attempt's <c>grpc-retry-pushback-ms</c>, if it had one.</param>
    /// <param name="random">A number in [0, 1) for the jitter.</param>
    public static TimeSpan? NextDelay(RetryPolicy policy, int attemptsMade, StatusCode code, string? pushback, double random)
    {
        if (attemptsMade >= Math.Min(policy.MaxAttempts, MaxAttemptsCap) || !policy.RetryableStatusCodes.Contains(code))
        {
            return null;
        }
        if (pushback is not null)
        {
            // A valid non-negative pushback is the exact wait; anything else means "do not retry".
            return int.TryParse(pushback, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
                ? TimeSpan.FromMilliseconds(milliseconds)
                : null;
        }
        var bound = policy.InitialBackoff.TotalMilliseconds * Math.Pow(policy.BackoffMultiplier, attemptsMade - 1);
        return TimeSpan.FromMilliseconds(random * Math.Min(bound, policy.MaxBackoff.TotalMilliseconds));
    }
}
