namespace CodeFirst.Bench;

/// <summary>
/// Latencies counted into fixed buckets, so recording allocates nothing and needs no lock beyond an interlocked add:
/// 1 µs wide up to 10 ms, then 100 µs wide up to 1 s, then one overflow bucket.
/// </summary>
public sealed class LatencyHistogram
{
    private const int FineLimitMicros = 10_000;
    private const int CoarseWidthMicros = 100;
    private const int CoarseLimitMicros = 1_000_000;
    private const int CoarseBuckets = (CoarseLimitMicros - FineLimitMicros) / CoarseWidthMicros;
    private readonly long[] _counts = new long[FineLimitMicros + CoarseBuckets + 1];

    /// <summary>How many latencies were recorded.</summary>
    public long Count => _counts.Sum();

    /// <summary>Counts one latency.</summary>
    public void Record(TimeSpan latency) => Record((long)latency.TotalMicroseconds);

    /// <summary>Counts one latency in microseconds.</summary>
    public void Record(long micros)
    {
        var bucket = micros < FineLimitMicros ? (int)Math.Max(micros, 0)
            : micros < CoarseLimitMicros ? FineLimitMicros + (int)((micros - FineLimitMicros) / CoarseWidthMicros)
            : _counts.Length - 1;
        Interlocked.Increment(ref _counts[bucket]);
    }

    /// <summary>The latency, in milliseconds, below which <paramref name="quantile"/> (0..1) of the recorded ones fall.</summary>
    public double PercentileMillis(double quantile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var bucket = 0; bucket < _counts.Length; bucket++)
        {
            seen += _counts[bucket];
            if (seen >= rank)
            {
                var micros = bucket < FineLimitMicros ? bucket
                    : bucket < _counts.Length - 1 ? FineLimitMicros + (bucket - FineLimitMicros) * CoarseWidthMicros
                    : CoarseLimitMicros;
                return micros / 1000.0;
            }
        }
        return CoarseLimitMicros / 1000.0;
    }
}
