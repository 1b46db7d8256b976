using System.Buffers;
using System.IO.Pipelines;

namespace CodeFirst.Grpc.AspNetCore.Web;

/// <summary>
/// The request body of a <c>application/grpc-web-text</c> call, decoded. Text is pulled from the inner reader only
/// when the consumer waits for more bytes, decoded a whole quantum at a time, and handed on through a pipe, so the
/// consumer gets ordinary <see cref="PipeReader"/> semantics (partial frames, examined positions) with no
/// background task.
/// </summary>
internal sealed class Base64RequestReader(PipeReader inner) : PipeReader
{
    // Never pauses: it only ever holds what the consumer has not consumed plus one inner read.
    private readonly Pipe _decoded = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly byte[] _carry = new byte[3];
    private int _carryLength;
    private bool _innerDone;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = _decoded.Reader.ReadAsync(cancellationToken);
        while (!pending.IsCompleted && !_innerDone)
        {
            try
            {
                await PullAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                // The pending read must not be left waiting: it fails with the same error.
                _innerDone = true;
                await _decoded.Writer.CompleteAsync(exception);
            }
        }
        return await pending;
    }

    /// <summary>Reads the inner body once and decodes what it can; the end of the body completes the pipe.</summary>
    private async Task PullAsync(CancellationToken cancellationToken)
    {
        var result = await inner.ReadAsync(cancellationToken);
        var text = result.Buffer;
        var length = _carryLength + (int)text.Length;
        var input = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        int written;
        try
        {
            _carry.AsSpan(0, _carryLength).CopyTo(input);
            text.CopyTo(input.AsSpan(_carryLength));
            inner.AdvanceTo(text.End);
            if (!GrpcWebBase64.TryDecode(input.AsSpan(0, length), _decoded.Writer.GetSpan(Math.Max(length / 4 * 3, 1)), out var consumed, out written))
            {
                throw InvalidText();
            }
            _carryLength = length - consumed;
            input.AsSpan(consumed, _carryLength).CopyTo(_carry);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
        _decoded.Writer.Advance(written);
        if (result.IsCompleted)
        {
            if (_carryLength != 0)
            {
                throw InvalidText();
            }
            _innerDone = true;
            await _decoded.Writer.FlushAsync(cancellationToken);
            await _decoded.Writer.CompleteAsync();
        }
        else if (written > 0)
        {
            await _decoded.Writer.FlushAsync(cancellationToken);
        }
    }

    private static RpcException InvalidText() =>
        new(StatusCode.Internal, "The application/grpc-web-text request body is not valid base64.");

    public override bool TryRead(out ReadResult result) => _decoded.Reader.TryRead(out result);

    public override void AdvanceTo(SequencePosition consumed) => _decoded.Reader.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _decoded.Reader.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => _decoded.Reader.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        _decoded.Reader.Complete(exception);
        inner.Complete(exception);
    }
}
