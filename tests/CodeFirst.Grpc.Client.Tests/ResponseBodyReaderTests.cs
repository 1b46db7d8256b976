using System.Buffers;
using CodeFirst.Grpc.Client.Internal;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>The response body reader the framing reads through, over a stream that hands out a few bytes per read.</summary>
[TestClass]
public sealed class ResponseBodyReaderTests
{
    // Records smaller than the reader's first 4 KB buffer make it move the unconsumed rest to the front; records
    // larger than it make it grow. A read that completes at once takes the reader's synchronous path.
    [TestMethod]
    [DataRow(1000, false)]
    [DataRow(6000, false)]
    [DataRow(1000, true)]
    [DataRow(6000, true)]
    public async Task Reads_a_body_larger_than_its_buffer_in_pieces_the_caller_consumes_as_it_goes(int record, bool synchronous)
    {
        var body = Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7 + i / 256)).ToArray();
        var reader = new ResponseBodyReader(new TrickleStream(body, chunk: 777, synchronous));
        var received = new List<byte>();
        for (var reads = 0; ; reads++)
        {
            // A reader that never sees the end, or returns the same bytes without reading more, would spin here.
            Assert.IsLessThan(100, reads, "The reader keeps returning without making progress.");
            var result = await reader.ReadAsync();
            // Take whole records only, as the framing takes whole frames: the rest stays for the next read.
            var whole = result.Buffer.Length - result.Buffer.Length % record;
            if (result.IsCompleted)
            {
                whole = result.Buffer.Length;
            }
            received.AddRange(result.Buffer.Slice(0, whole).ToArray());
            reader.AdvanceTo(result.Buffer.GetPosition(whole), result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }
        reader.Complete();
        CollectionAssert.AreEqual(body, received.ToArray());
    }

    [TestMethod]
    public async Task A_frame_that_does_not_fit_after_consumed_bytes_moves_to_a_larger_buffer_intact()
    {
        // The first read fills the 4 KB buffer; 100 bytes are consumed and the rest, most of the buffer, is not enough.
        var body = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7 + i / 256)).ToArray();
        var reader = new ResponseBodyReader(new TrickleStream(body, chunk: 4096));
        var first = await reader.ReadAsync();
        Assert.AreEqual(4096, first.Buffer.Length);
        reader.AdvanceTo(first.Buffer.GetPosition(100), first.Buffer.End);
        var second = await reader.ReadAsync();
        CollectionAssert.AreEqual(body[100..(int)(100 + second.Buffer.Length)], second.Buffer.ToArray());
        Assert.IsGreaterThan(4096 - 100, second.Buffer.Length, "The second read adds to what was kept.");
        reader.Complete();
    }

    [TestMethod]
    public async Task Unexamined_bytes_are_returned_again_without_reading_the_stream()
    {
        var stream = new TrickleStream([1, 2, 3, 4, 5, 6], chunk: 6);
        var reader = new ResponseBodyReader(stream);
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.GetPosition(2), first.Buffer.GetPosition(2));
        var second = await reader.ReadAsync();
        CollectionAssert.AreEqual(new byte[] { 3, 4, 5, 6 }, second.Buffer.ToArray());
        Assert.AreEqual(1, stream.Reads);
        reader.AdvanceTo(second.Buffer.End);
        var end = await reader.ReadAsync();
        Assert.IsTrue(end.IsCompleted);
        Assert.AreEqual(0, end.Buffer.Length);
    }

    [TestMethod]
    public async Task Completing_the_reader_disposes_the_stream()
    {
        var stream = new TrickleStream([1], chunk: 1);
        var reader = new ResponseBodyReader(stream);
        var result = await reader.ReadAsync();
        reader.AdvanceTo(result.Buffer.End);
        await reader.CompleteAsync();
        Assert.IsTrue(stream.Disposed);
    }

    /// <summary>A body delivered at most <c>chunk</c> bytes per read, each read completing asynchronously unless told.</summary>
    private sealed class TrickleStream(byte[] body, int chunk, bool synchronous = false) : Stream
    {
        private int _position;

        public int Reads { get; private set; }

        public bool Disposed { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!synchronous)
            {
                await Task.Yield();
            }
            Reads++;
            var count = Math.Min(Math.Min(chunk, buffer.Length), body.Length - _position);
            body.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
