namespace CodeFirst.Grpc.Client;

/// <summary>
/// Retries with exponential backoff: a failed attempt whose status is retryable is tried again after
/// <c>random(0, min(InitialBackoff * BackoffMultiplier^(n-1), MaxBackoff))</c>, or after the server's
/// <c>grpc-retry-pushback-ms</c>, within the call's deadline. A call is never retried once response headers or
/// messages have arrived, nor when its buffered request stream outgrew the retry buffer.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Attempts in all, the first included (2 to 5; more is capped at 5, as in gRPC).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The upper bound of the first backoff (default 100 ms).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap of the backoff's upper bound (default 5 s).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How much the backoff's upper bound grows per attempt (default 2).</summary>
    public double BackoffMultiplier { get; set; } = 2;

    /// <summary>The statuses that are retried (usually <see cref="StatusCode.Unavailable"/>).</summary>
    public ISet<StatusCode> RetryableStatusCodes { get; } = new HashSet<StatusCode>();
}
