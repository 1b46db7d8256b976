using System.Threading.Channels;

namespace CodeFirst.Orders.Server.Tests.Infrastructure;

/// <summary>
/// One <c>OrderChat</c> call under the test's control: it sends when told, and reads only when told, so a test can
/// be a slow reader. Every read is bounded; disposing cancels the call.
/// </summary>
public sealed class ChatStream : IAsyncDisposable
{
    private readonly Channel<ChatMessage> _outgoing = Channel.CreateUnbounded<ChatMessage>();
    private readonly CancellationTokenSource _cancel = new();
    private readonly IAsyncEnumerator<ChatMessage> _incoming;
    private Task<bool>? _move;

    /// <summary>Starts the call (a client call starts when its response is first read); nothing is sent until <see cref="Send(string, string)"/>.</summary>
    public ChatStream(IOrderService client)
    {
        _incoming = client.OrderChatAsync(_outgoing.Reader.ReadAllAsync(), new CallOptions { CancellationToken = _cancel.Token })
            .GetAsyncEnumerator();
        _move = _incoming.MoveNextAsync().AsTask();
    }

    /// <summary>Sends a message with <paramref name="text"/> ("" joins without posting) on <paramref name="orderId"/>.</summary>
    public void Send(string orderId, string text) => Send(new ChatMessage { OrderId = orderId, Text = text });

    /// <summary>Sends <paramref name="message"/> as it is.</summary>
    public void Send(ChatMessage message) => Assert.IsTrue(_outgoing.Writer.TryWrite(message), "The chat's request side is complete.");

    /// <summary>Ends the request side: the server ends the stream after what was delivered to it.</summary>
    public void CompleteSending() => _outgoing.Writer.TryComplete();

    /// <summary>The next message; fails if the stream ends first or nothing comes within <paramref name="timeout"/>.</summary>
    public async Task<ChatMessage> ReceiveAsync(TimeSpan? timeout = null)
    {
        Assert.IsTrue(await MoveAsync(timeout), "The chat stream ended while a message was expected.");
        return _incoming.Current;
    }

    /// <summary>The next <paramref name="count"/> messages, all within <paramref name="timeout"/>.</summary>
    public async Task<List<ChatMessage>> ReceiveAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? AsyncStreams.Timeout);
        var messages = new List<ChatMessage>(count);
        while (messages.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.IsGreaterThan(TimeSpan.Zero, left, $"Only {messages.Count} of {count} chat messages arrived in time.");
            messages.Add(await ReceiveAsync(left));
        }
        return messages;
    }

    /// <summary>What is left of the stream until it ends (throws <see cref="RpcException"/> if it ends with an error).</summary>
    public async Task<List<ChatMessage>> ReceiveToEndAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? AsyncStreams.Timeout);
        var messages = new List<ChatMessage>();
        while (await MoveAsync(deadline - DateTime.UtcNow))
        {
            messages.Add(_incoming.Current);
        }
        return messages;
    }

    /// <summary>Reads to the end, collecting into <paramref name="received"/> as it goes; returns the error the stream ended with, if any.</summary>
    public async Task<RpcException?> DrainAsync(List<ChatMessage> received, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (await MoveAsync(deadline - DateTime.UtcNow))
            {
                received.Add(_incoming.Current);
            }
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    private async Task<bool> MoveAsync(TimeSpan? timeout)
    {
        var wait = timeout ?? AsyncStreams.Timeout;
        _move ??= _incoming.MoveNextAsync().AsTask();
        try
        {
            var moved = await _move.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            _move = null;
            return moved;
        }
        catch (TimeoutException)
        {
            throw new AssertFailedException($"No chat message nor end of stream within {wait}.");
        }
        catch (Exception)
        {
            _move = null;
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        await _cancel.CancelAsync();
        try
        {
            if (_move is not null)
            {
                await _move.WaitAsync(AsyncStreams.Timeout);
            }
        }
        catch (Exception)
        {
            // Cancelled by us, or already failed: the test has seen what it needed.
        }
        try
        {
            await _incoming.DisposeAsync().AsTask().WaitAsync(AsyncStreams.Timeout);
        }
        catch (Exception)
        {
        }
        _cancel.Dispose();
    }
}
