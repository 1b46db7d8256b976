using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>
/// The response body as the message framing reads it: a <see cref="PipeReader"/> over the response stream with one
/// pooled buffer, grown (by renting a larger one) when a frame does not fit. <c>PipeReader.Create</c> costs several
/// objects per call (the reader, its segment and segment pool, a cancellation source of its own, a registration per
/// read that waits); a response is a few small frames, which one flat buffer holds.
/// </summary>
/// <remarks>
/// Reads are sequential (one caller, the call); <see cref="CancelPendingRead"/> is not used by the client and only
/// marks the next read as cancelled. Completing the reader disposes the stream, as <c>PipeReader.Create</c>'s does:
/// on an unfinished response that resets the HTTP/2 stream.
/// </remarks>
internal sealed class ResponseBodyReader(Stream stream) : PipeReader
{
    // As PipeReader.Create's default segment: a unary response and most streamed messages fit in one read.
    private const int MinimumBufferSize = 4096;

    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private bool _examinedAll;
    private bool _streamEnded;
    private bool _cancelNextRead;

    public override bool TryRead(out ReadResult result)
    {
        if (_cancelNextRead)
        {
            _cancelNextRead = false;
            result = new ReadResult(Buffered, isCanceled: true, _streamEnded);
            return true;
        }
        if ((_end > _start && !_examinedAll) || _streamEnded)
        {
            result = new ReadResult(Buffered, isCanceled: false, _streamEnded);
            return true;
        }
        result = default;
        return false;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (TryRead(out var buffered))
        {
            return new(buffered);
        }
        var read = stream.ReadAsync(FreeSpace(), cancellationToken);
        return read.IsCompletedSuccessfully ? new(Filled(read.Result)) : WaitForReadAsync(read);
    }

    // Pooled: the framing awaits each read once, and a streamed response waits on most of its reads.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> WaitForReadAsync(ValueTask<int> read) => Filled(await read);

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        // Positions of a sequence over one array are indexes into that array.
        _start = consumed.GetInteger();
        _examinedAll = examined.GetInteger() >= _end;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    public override void CancelPendingRead() => _cancelNextRead = true;

    public override void Complete(Exception? exception = null)
    {
        var buffer = _buffer;
        _buffer = [];
        _start = _end = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        stream.Dispose();
    }

    private ReadOnlySequence<byte> Buffered => new(_buffer, _start, _end - _start);

    private ReadResult Filled(int read)
    {
        if (read == 0)
        {
            _streamEnded = true;
        }
        _end += read;
        _examinedAll = false;
        return new ReadResult(Buffered, isCanceled: false, _streamEnded);
    }

    /// <summary>Room after the buffered bytes: moved to the front first, or into a larger buffer when full.</summary>
    private Memory<byte> FreeSpace()
    {
        if (_end == _buffer.Length)
        {
            var length = _end - _start;
            if (_start > 0 && length < _buffer.Length / 2)
            {
                _buffer.AsSpan(_start, length).CopyTo(_buffer);
            }
            else
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(MinimumBufferSize, _buffer.Length * 2));
                _buffer.AsSpan(_start, length).CopyTo(larger);
                if (_buffer.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(_buffer);
                }
                _buffer = larger;
            }
            _start = 0;
            _end = length;
        }
        return _buffer.AsMemory(_end);
    }
}
