namespace CodeFirst.Orders.Server.Tests.Infrastructure;

/// <summary>Request streams to send and response streams to collect, every wait bounded so a bug fails instead of hanging.</summary>
public static class AsyncStreams
{
    /// <summary>How long a test waits for something that should be quick before it fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Every message of <paramref name="source"/>, failing after <paramref name="timeout"/> (<see cref="Timeout"/>).</summary>
    public static async Task<List<T>> CollectAsync<T>(this IAsyncEnumerable<T> source, TimeSpan? timeout = null)
    {
        var messages = new List<T>();
        await Collect().WaitAsync(timeout ?? Timeout);
        return messages;

        async Task Collect()
        {
            await foreach (var message in source)
            {
                messages.Add(message);
            }
        }
    }

    /// <summary><paramref name="messages"/> as a request stream that yields now and then, as a real sender would.</summary>
    public static async IAsyncEnumerable<T> Of<T>(IEnumerable<T> messages)
    {
        var sent = 0;
        foreach (var message in messages)
        {
            if (sent++ % 64 == 0)
            {
                await Task.Yield();
            }
            yield return message;
        }
    }

    /// <summary>A request stream with no messages.</summary>
    public static async IAsyncEnumerable<T> Empty<T>()
    {
        await Task.Yield();
        yield break;
    }
}
