using System.Runtime.ExceptionServices;
using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>
/// The request stream of a client-streaming or duplex call, shared by its attempts. Messages are pulled from the
/// caller's enumerable only as an attempt's body is sent. While the call may still be retried, each sent frame is
/// kept (within the per-call and channel budgets) so a new attempt replays them before pulling more; past a budget
/// the call can no longer be replayed and is not retried.
/// </summary>
internal sealed class RequestStreamSource<T> : IAsyncDisposable
    where T : class
{
    // Messages the caller has ready at once go out as one write and one flush of up to this many bytes: each write
    // and each flush costs the HTTP/2 connection a queued operation (and its task), per write rather than per message.
    private const int BatchSize = 16 * 1024;

    private readonly IAsyncEnumerable<T> _requests;
    private readonly MessageFrameOptions _framing;
    private readonly CancellationToken _callToken;
    private readonly RetryBufferBudget? _budget;
    private readonly long _perCallLimit;
    private readonly List<byte[]> _replay = [];
    private long _replaySize;
    private IAsyncEnumerator<T>? _enumerator;
    private Task<bool>? _pendingMove;
    private bool _completed;
    private Task _writer = Task.CompletedTask;

    /// <param name="requests">The caller's messages.</param>
    /// <param name="framing">How messages are framed.</param>
    /// <param name="callToken">Ends the enumeration when the call ends.</param>
    /// <param name="budget">The channel's replay budget, or <see langword="null"/> when the call is not retryable.</param>
    /// <param name="perCallLimit">The bytes this call may keep for replay.</param>
    public RequestStreamSource(IAsyncEnumerable<T> requests, MessageFrameOptions framing, CancellationToken callToken, RetryBufferBudget? budget, long perCallLimit)
    {
        _requests = requests;
        _framing = framing;
        _callToken = callToken;
        _budget = budget;
        _perCallLimit = perCallLimit;
        CanReplay = budget is not null;
    }

    /// <summary>True while every message sent so far is kept, so another attempt can send the same stream.</summary>
    public bool CanReplay { get; private set; }

    /// <summary>True once a message has been asked of the caller's enumerable.</summary>
    public bool Started => _enumerator is not null;

    /// <summary>
    /// What the caller's enumerable threw, or why a message it yielded cannot be sent (null, larger than the send
    /// limit: an <see cref="RpcException"/>), if either happened: the call fails with it.
    /// </summary>
    public ExceptionDispatchInfo? Failure { get; private set; }

    /// <summary>Sends the stream for one attempt: the kept frames, then new messages until the enumerable ends.</summary>
    public Task WriteToAsync(Stream stream, CancellationToken cancellationToken)
    {
        var writer = WriteCoreAsync(stream, cancellationToken);
        _writer = writer;
        return writer;
    }

    /// <summary>Waits for the current attempt's writer to stop (after its attempt was cancelled).</summary>
    public Task WhenWriterStoppedAsync() => _writer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The caller's stream failed or stopped being kept: no further attempt is possible.</summary>
    public void StopReplay()
    {
        if (!CanReplay)
        {
            return;
        }
        CanReplay = false;
        _budget?.Release(_replaySize);
        _replay.Clear();
        _replaySize = 0;
    }

    private async Task WriteCoreAsync(Stream stream, CancellationToken cancellationToken)
    {
        foreach (var frame in _replay)
        {
            await stream.WriteAsync(frame, cancellationToken);
        }
        if (_replay.Count > 0)
        {
            await stream.FlushAsync(cancellationToken);
        }
        using var batch = new PooledBufferWriter();
        while (!_completed)
        {
            batch.Reset();
            while (batch.WrittenCount < BatchSize)
            {
                var next = TryMoveNext();
                if (next is null && batch.WrittenCount == 0)
                {
                    next = await WaitForMoveAsync(cancellationToken);
                }
                if (next is null)
                {
                    // The caller is not ready: send what it was, rather than keep it waiting in the batch.
                    break;
                }
                if (next == false)
                {
                    _completed = true;
                    break;
                }
                Add(batch, _enumerator!.Current);
            }
            if (batch.WrittenCount > 0)
            {
                await stream.WriteAsync(batch.WrittenMemory, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// The next move if the caller's enumerator completes it at once: true for a message, false at the end;
    /// <see langword="null"/> while the move is pending (kept in <see cref="_pendingMove"/>, for whichever attempt
    /// waits on it next).
    /// </summary>
    private bool? TryMoveNext()
    {
        if (_pendingMove is { } pending)
        {
            if (!pending.IsCompletedSuccessfully)
            {
                return null;
            }
            _pendingMove = null;
            return pending.Result;
        }
        ValueTask<bool> next;
        try
        {
            _enumerator ??= _requests.GetAsyncEnumerator(_callToken);
            next = _enumerator.MoveNextAsync();
        }
        catch (Exception e) when (!IsCallCancellation(e))
        {
            throw Fail(e);
        }
        if (next.IsCompletedSuccessfully)
        {
            return next.Result;
        }
        _pendingMove = next.AsTask();
        return null;
    }

    /// <summary>
    /// Waits for the pending move. A move an abandoned attempt was waiting on is not repeated: the next attempt waits
    /// on the same one, so no message is skipped and a caller that ignores cancellation cannot hang the retry.
    /// </summary>
    private async ValueTask<bool> WaitForMoveAsync(CancellationToken cancellationToken)
    {
        var move = _pendingMove!;
        try
        {
            var result = await move.WaitAsync(cancellationToken);
            _pendingMove = null;
            return result;
        }
        catch (Exception e) when (move.IsFaulted && !IsCallCancellation(e) || move.IsCanceled && !cancellationToken.IsCancellationRequested && !_callToken.IsCancellationRequested)
        {
            _pendingMove = null;
            throw Fail(e);
        }
    }

    /// <summary>Frames a message into the batch, and keeps its frame while the call may be replayed.</summary>
    private void Add(PooledBufferWriter batch, T? message)
    {
        var start = batch.WrittenCount;
        Frame(batch, message);
        if (CanReplay)
        {
            Keep(batch.WrittenMemory[start..]);
        }
    }

    /// <summary>Frames one message; one that cannot be sent (null, too large) fails the stream, and so the call.</summary>
    private void Frame(PooledBufferWriter batch, T? message)
    {
        if (message is null)
        {
            throw Fail(new RpcException(StatusCode.Internal, "The request stream yielded a null message."));
        }
        try
        {
            MessageFraming.WriteMessage(batch, message, _framing);
        }
        catch (RpcException e)
        {
            throw Fail(e);
        }
    }

    /// <summary>The caller's enumerable stopping because the call itself was cancelled is not the caller's failure.</summary>
    private bool IsCallCancellation(Exception e) => e is OperationCanceledException && _callToken.IsCancellationRequested;

    private Exception Fail(Exception e)
    {
        Failure ??= ExceptionDispatchInfo.Capture(e);
        StopReplay();
        return e;
    }

    private void Keep(ReadOnlyMemory<byte> frame)
    {
        if (_replaySize + frame.Length > _perCallLimit || !_budget!.TryReserve(frame.Length))
        {
            StopReplay();
            return;
        }
        _replay.Add(frame.ToArray());
        _replaySize += frame.Length;
    }

    public async ValueTask DisposeAsync()
    {
        StopReplay();
        await WhenWriterStoppedAsync();
        if (_enumerator is not null)
        {
            if (_pendingMove is { } pending)
            {
                // An enumerator cannot be disposed during a MoveNextAsync. The call's token has fired; dispose it once
                // the move returns, without making the call wait for a caller that ignores cancellation.
                var enumerator = _enumerator;
                _ = pending.ContinueWith(_ => enumerator.DisposeAsync().AsTask(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
                return;
            }
            await _enumerator.DisposeAsync();
        }
    }
}
