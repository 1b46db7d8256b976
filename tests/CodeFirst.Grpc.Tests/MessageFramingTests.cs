using System.Buffers;
using System.IO.Pipelines;
using CodeFirst.Grpc.Internal;
using CodeFirst.Grpc.Tests.Corpus;

namespace CodeFirst.Grpc.Tests;

/// <summary>
/// Reading the one message of a unary request: one pipe read when the message and the end of the stream arrive
/// together, no wasted reads when they do not, and the same answers as two <c>ReadMessageAsync</c> calls otherwise.
/// </summary>
[TestClass]
public sealed class MessageFramingTests
{
    private static readonly MessageFrameOptions Options = new("request", 4 * 1024 * 1024, null);

    [TestMethod]
    public async Task Message_and_end_seen_together_take_one_read()
    {
        var reader = await CountingReaderOverAsync(FrameOf("one"));

        var (message, more) = await MessageFraming.ReadSingleMessageAsync<Nested>(reader, Options, CancellationToken.None);

        Assert.AreEqual("one", message?.Name);
        Assert.IsFalse(more);
        Assert.AreEqual(1, reader.Reads, "the read that found the message also saw the end of the stream");
    }

    [TestMethod]
    public async Task Message_before_the_end_takes_one_more_read_for_the_end_only()
    {
        var pipe = new Pipe();
        var reader = new CountingPipeReader(pipe.Reader);
        await pipe.Writer.WriteAsync(FrameOf("early"));

        var read = MessageFraming.ReadSingleMessageAsync<Nested>(reader, Options, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.IsFalse(read.IsCompleted, "the end of the stream has not come yet");
        await pipe.Writer.CompleteAsync();
        var (message, more) = await read;

        Assert.AreEqual("early", message?.Name);
        Assert.IsFalse(more);
        Assert.AreEqual(2, reader.Reads, "the message is decoded from the first read, not read again");
    }

    [TestMethod]
    public async Task Message_split_across_many_writes_is_reassembled()
    {
        var pipe = new Pipe();
        var reader = new CountingPipeReader(pipe.Reader);
        var frame = FrameOf(new string('x', 300));

        var read = MessageFraming.ReadSingleMessageAsync<Nested>(reader, Options, CancellationToken.None).AsTask();
        for (var offset = 0; offset < frame.Length; offset += 3)
        {
            await pipe.Writer.WriteAsync(frame.AsMemory(offset, Math.Min(3, frame.Length - offset)));
            await Task.Yield();
        }
        await pipe.Writer.CompleteAsync();
        var (message, more) = await read;

        Assert.AreEqual(new string('x', 300), message?.Name);
        Assert.IsFalse(more);
    }

    [TestMethod]
    public async Task A_second_whole_message_is_reported()
    {
        var reader = await CountingReaderOverAsync([.. FrameOf("one"), .. FrameOf("two")]);

        var (message, more) = await MessageFraming.ReadSingleMessageAsync<Nested>(reader, Options, CancellationToken.None);

        Assert.AreEqual("one", message?.Name);
        Assert.IsTrue(more);
    }

    [TestMethod]
    public async Task Trailing_bytes_after_the_message_are_an_incomplete_message()
    {
        var reader = await CountingReaderOverAsync([.. FrameOf("one"), 0, 0, 0]);

        var error = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
            await MessageFraming.ReadSingleMessageAsync<Nested>(reader, Options, CancellationToken.None));

        Assert.AreEqual(StatusCode.Internal, error.StatusCode);
        StringAssert.Contains(error.Status.Detail, "Incomplete message");
    }

    [TestMethod]
    public async Task An_empty_stream_has_no_message()
    {
        var reader = await CountingReaderOverAsync([]);

        var (message, more) = await MessageFraming.ReadSingleMessageAsync<Nested>(reader, Options, CancellationToken.None);

        Assert.IsNull(message);
        Assert.IsFalse(more);
    }

    private static byte[] FrameOf(string name)
    {
        var writer = new ArrayBufferWriter<byte>();
        MessageFraming.WriteMessage(writer, new Nested { Name = name }, Options);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>A reader over a stream that is already whole and ended.</summary>
    private static async Task<CountingPipeReader> CountingReaderOverAsync(byte[] body)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(body);
        await pipe.Writer.CompleteAsync();
        return new CountingPipeReader(pipe.Reader);
    }

    /// <summary>Counts <see cref="ReadAsync"/> calls on the pipe it wraps.</summary>
    private sealed class CountingPipeReader(PipeReader inner) : PipeReader
    {
        public int Reads { get; private set; }

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            Reads++;
            return inner.ReadAsync(cancellationToken);
        }

        public override bool TryRead(out ReadResult result)
        {
            Reads++;
            return inner.TryRead(out result);
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);
    }
}
