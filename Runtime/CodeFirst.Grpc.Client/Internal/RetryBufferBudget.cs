namespace CodeFirst.Grpc.Client.Internal;

/// <summary>The request bytes all retryable calls of a channel may hold for replay at once.</summary>
internal sealed class RetryBufferBudget(long limit)
{
    private long _used;

    public bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= limit)
        {
            return true;
        }
        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
