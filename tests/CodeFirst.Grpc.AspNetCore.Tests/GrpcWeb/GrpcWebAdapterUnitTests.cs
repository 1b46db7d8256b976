using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using CodeFirst.Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Http;

namespace CodeFirst.Grpc.AspNetCore.Tests.GrpcWeb;

/// <summary>The adapter's pure pieces, without a socket: content types, base64 chunks, the trailer frame, the text reader and writer.</summary>
[TestClass]
public sealed class GrpcWebAdapterUnitTests
{
    [TestMethod]
    [DataRow("application/grpc-web", (int)GrpcWebMode.Binary)]
    [DataRow("application/grpc-web+proto", (int)GrpcWebMode.Binary)]
    [DataRow("Application/gRPC-Web; charset=utf-8", (int)GrpcWebMode.Binary)]
    [DataRow("application/grpc-web-text", (int)GrpcWebMode.Text)]
    [DataRow("application/grpc-web-text+proto", (int)GrpcWebMode.Text)]
    [DataRow("application/grpc-web+json", (int)GrpcWebMode.None)]
    [DataRow("application/grpc-webx", (int)GrpcWebMode.None)]
    [DataRow("application/grpc", (int)GrpcWebMode.None)]
    [DataRow(null, (int)GrpcWebMode.None)]
    public void Content_type_gives_the_mode(string? contentType, int mode) =>
        Assert.AreEqual((GrpcWebMode)mode, GrpcWebProtocol.GetMode(contentType));

    [TestMethod]
    [DataRow((int)GrpcWebMode.Binary, "application/grpc-web", "application/grpc-web")]
    [DataRow((int)GrpcWebMode.Binary, "application/grpc-web+proto", "application/grpc-web+proto")]
    [DataRow((int)GrpcWebMode.Text, "application/grpc-web-text", "application/grpc-web-text")]
    [DataRow((int)GrpcWebMode.Text, "application/grpc-web-text+proto; x=y", "application/grpc-web-text+proto")]
    public void Response_content_type_mirrors_the_request(int mode, string request, string response)
    {
        Assert.AreEqual(response, GrpcWebProtocol.ResponseContentType((GrpcWebMode)mode, request));
        Assert.AreSame(GrpcWebProtocol.ResponseContentType((GrpcWebMode)mode, request), GrpcWebProtocol.ResponseContentType((GrpcWebMode)mode, request),
            "a constant: no string is built per call");
    }

    [TestMethod]
    public void Base64_chunks_each_with_its_own_padding_decode_as_one_stream()
    {
        var text = Encoding.ASCII.GetBytes(Convert.ToBase64String([1]) + Convert.ToBase64String([2, 3]) + Convert.ToBase64String([4, 5, 6]) + "QQ");
        var bytes = new byte[text.Length];

        Assert.IsTrue(GrpcWebBase64.TryDecode(text, bytes, out var consumed, out var written));

        Assert.AreEqual(12, consumed, "the trailing part quantum 'QQ' waits for more text");
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5, 6 }, bytes[..written]);
    }

    [TestMethod]
    [DataRow("AQ=A")]
    [DataRow("A===")]
    [DataRow("AQ*=")]
    public void Invalid_base64_is_refused(string text) =>
        Assert.IsFalse(GrpcWebBase64.TryDecode(Encoding.ASCII.GetBytes(text), new byte[8], out _, out _));

    [TestMethod]
    public void Trailer_frame_is_flag_length_and_lower_case_lines()
    {
        var trailers = new HeaderDictionary { ["Grpc-Status"] = "3", ["grpc-message"] = "bad%20thing", ["x-multi"] = new(["a", "b"]) };
        var output = new ArrayBufferWriter<byte>();

        GrpcWebProtocol.WriteTrailers(trailers, output);

        var lines = "grpc-status: 3\r\ngrpc-message: bad%20thing\r\nx-multi: a\r\nx-multi: b\r\n"u8.ToArray();
        CollectionAssert.AreEqual(new byte[] { 0x80, 0, 0, 0, (byte)lines.Length }.Concat(lines).ToArray(), output.WrittenSpan.ToArray());
    }

    [TestMethod]
    public void Trailer_that_would_split_a_line_is_refused()
    {
        var trailers = new HeaderDictionary { ["x-evil"] = "a\r\ngrpc-status: 0" };

        var error = Assert.Throws<InvalidOperationException>(() => GrpcWebProtocol.WriteTrailers(trailers, new ArrayBufferWriter<byte>()));

        StringAssert.Contains(error.Message, "x-evil");
    }

    [TestMethod]
    public async Task Text_reader_decodes_chunks_split_anywhere_across_reads()
    {
        var expected = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(expected[..7]) + Convert.ToBase64String(expected[7..101]) + Convert.ToBase64String(expected[101..]));
        var pipe = new Pipe();
        var reader = new Base64RequestReader(pipe.Reader);

        var writing = Task.Run(async () =>
        {
            for (var offset = 0; offset < text.Length; offset += 5)
            {
                await pipe.Writer.WriteAsync(text.AsMemory(offset, Math.Min(5, text.Length - offset)));
            }
            await pipe.Writer.CompleteAsync();
        });
        var decoded = new List<byte>();
        while (true)
        {
            var result = await reader.ReadAsync();
            decoded.AddRange(result.Buffer.ToArray());
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }
        await writing;

        CollectionAssert.AreEqual(expected, decoded.ToArray());
    }

    [TestMethod]
    public async Task Text_reader_waits_for_more_when_the_consumer_has_examined_everything()
    {
        var pipe = new Pipe();
        var reader = new Base64RequestReader(pipe.Reader);
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(Convert.ToBase64String([1, 2, 3])));

        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);   // a partial frame: nothing consumed, all examined
        var second = reader.ReadAsync();
        Assert.IsFalse(second.IsCompleted, "no new bytes yet");
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(Convert.ToBase64String([4])));
        var result = await second;

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, result.Buffer.ToArray());
    }

    [TestMethod]
    public async Task Text_reader_refuses_a_body_ending_inside_a_quantum()
    {
        var pipe = new Pipe();
        var reader = new Base64RequestReader(pipe.Reader);
        await pipe.Writer.WriteAsync("AQID"u8.ToArray().Concat("AQ"u8.ToArray()).ToArray());
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        });

        Assert.AreEqual(StatusCode.Internal, error.StatusCode);
    }

    [TestMethod]
    public async Task Text_writer_sends_each_flush_as_its_own_padded_chunk()
    {
        var pipe = new Pipe();
        var writer = new Base64ResponseWriter(pipe.Writer);

        await writer.WriteAsync(new byte[] { 1 });
        await writer.WriteAsync(new byte[] { 2, 3, 4, 5 });
        await writer.CompleteAsync();

        var result = await pipe.Reader.ReadAsync();
        Assert.AreEqual(Convert.ToBase64String([1]) + Convert.ToBase64String([2, 3, 4, 5]), Encoding.ASCII.GetString(result.Buffer.ToArray()));
    }

    [TestMethod]
    public async Task Text_writer_encodes_writes_of_any_size_split_anywhere()
    {
        // Small segments, so a large write needs a buffer of its own and part groups cross buffers.
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 16, pauseWriterThreshold: 0));
        var writer = new Base64ResponseWriter(pipe.Writer);
        var bytes = Enumerable.Range(0, 40_000).Select(i => (byte)(i * 7)).ToArray();
        // Each chunk is written in pieces of these sizes: every remainder modulo 3, and one larger than a segment.
        int[][] chunks = [[1], [2, 2], [1, 1, 1, 4], [5, 10_000, 7], [29_976]];
        var expected = new StringBuilder();
        var offset = 0;

        foreach (var pieces in chunks)
        {
            var start = offset;
            foreach (var piece in pieces)
            {
                var span = writer.GetSpan(piece);
                Assert.IsGreaterThanOrEqualTo(piece, span.Length);
                bytes.AsSpan(offset, piece).CopyTo(span);
                writer.Advance(piece);
                offset += piece;
            }
            Assert.AreEqual(offset - start, writer.UnflushedBytes);
            await writer.FlushAsync();
            expected.Append(Convert.ToBase64String(bytes, start, offset - start));
        }
        await writer.CompleteAsync();

        Assert.AreEqual(bytes.Length, offset);
        var text = await ReadAllAsync(pipe.Reader);
        Assert.AreEqual(expected.ToString(), Encoding.ASCII.GetString(text), "one padded chunk per flush, each the base64 of what was written");
    }

    [TestMethod]
    public async Task Text_writer_keeps_the_part_group_when_a_buffer_is_asked_for_and_not_used()
    {
        var pipe = new Pipe();
        var writer = new Base64ResponseWriter(pipe.Writer);

        writer.GetSpan(1)[0] = 1;
        writer.Advance(1);
        writer.GetSpan(100);                  // abandoned: nothing written
        writer.Advance(0);
        var span = writer.GetSpan(2);
        span[0] = 2;
        span[1] = 3;
        writer.Advance(2);
        await writer.CompleteAsync();

        Assert.AreEqual(Convert.ToBase64String([1, 2, 3]), Encoding.ASCII.GetString(await ReadAllAsync(pipe.Reader)));
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        var output = new MemoryStream();
        await reader.CopyToAsync(output);
        return output.ToArray();
    }
}
