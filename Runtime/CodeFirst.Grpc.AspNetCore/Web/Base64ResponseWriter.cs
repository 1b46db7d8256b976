using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;

namespace CodeFirst.Grpc.AspNetCore.Web;

/// <summary>
/// The response body of a <c>application/grpc-web-text</c> call: bytes are collected until a flush, then sent as
/// one padded base64 chunk. The server flushes after each message and after the trailer frame, so each chunk is
/// whole frames and a client can decode it as soon as it arrives.
/// </summary>
internal sealed class Base64ResponseWriter(PipeWriter inner) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new();

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    public override void Advance(int bytes) => _pending.Advance(bytes);

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _pending.WrittenCount;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        EncodePending();
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        if (exception is null)
        {
            EncodePending();
        }
        inner.Complete(exception);
    }

    private void EncodePending()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }
        var text = inner.GetSpan(Base64.GetMaxEncodedToUtf8Length(_pending.WrittenCount));
        Base64.EncodeToUtf8(_pending.WrittenSpan, text, out _, out var written);
        inner.Advance(written);
        _pending.ResetWrittenCount();
    }
}
