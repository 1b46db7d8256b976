namespace CodeFirst.Bench;

/// <summary>
/// When a warm-up is over: the load runs in windows of <paramref name="WindowSeconds"/>, and the warm-up ends once the
/// last <paramref name="Windows"/> windows' rates lie within <paramref name="Tolerance"/> of each other (largest over
/// smallest), or after <paramref name="MaxSeconds"/> whatever the rates do.
/// </summary>
/// <remarks>
/// A fixed warm-up does not fit every server. The .NET runtime compiles each method three times (quickly, then with
/// profiling probes, then optimised) and, with the process pinned to one core, finishes only 45 to 80 s into full load;
/// until then a .NET server runs at half its steady speed. grpc-go is steady at once. Each server is therefore warmed
/// up until its own rate stops moving, and the report states how long that took.
/// </remarks>
public sealed record SteadyState(int WindowSeconds, int Windows, double Tolerance, int MaxSeconds)
{
    /// <summary>True once the last <see cref="Windows"/> rates agree within <see cref="Tolerance"/>.</summary>
    public bool IsReached(IReadOnlyList<double> rates)
    {
        if (rates.Count < Windows)
        {
            return false;
        }
        var last = rates.Skip(rates.Count - Windows).ToList();
        var lowest = last.Min();
        return lowest > 0 && last.Max() / lowest - 1 <= Tolerance;
    }

    /// <summary>
    /// Runs <paramref name="window"/> (one window of load, returning its rate) until <see cref="IsReached"/> or the time
    /// is up, and says how it went.
    /// </summary>
    public async Task<WarmUp> RunAsync(Func<TimeSpan, Task<double>> window)
    {
        var rates = new List<double>();
        var length = TimeSpan.FromSeconds(WindowSeconds);
        while (!IsReached(rates) && rates.Count * WindowSeconds < MaxSeconds)
        {
            rates.Add(await window(length));
        }
        return new WarmUp(rates.Count * WindowSeconds, IsReached(rates), rates);
    }
}

/// <summary>How a warm-up went: its length, whether the rate settled, and the rate of each window.</summary>
public sealed record WarmUp(int Seconds, bool Steady, IReadOnlyList<double> Rates);
