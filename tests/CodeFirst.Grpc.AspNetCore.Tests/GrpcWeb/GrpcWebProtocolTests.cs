using System.Text;
using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

namespace CodeFirst.Grpc.AspNetCore.Tests.GrpcWeb;

/// <summary>
/// gRPC-Web over real HTTP/1.1 and HTTP/2 (h2c) requests built by hand, binary and text: the adapter in front of
/// the server must make every gRPC behaviour reachable from a browser.
/// </summary>
[TestClass]
public sealed class GrpcWebProtocolTests
{
    private const string Unary = "/test.v1.Echo/Unary";
    private const string ServerStream = "/test.v1.Echo/ServerStream";

    [TestMethod]
    [DataRow("1.1", GrpcWebClient.Binary)]
    [DataRow("1.1", GrpcWebClient.Text)]
    [DataRow("2", GrpcWebClient.Binary)]
    [DataRow("2", GrpcWebClient.Text)]
    [DataRow("1.1", "application/grpc-web+proto")]
    [DataRow("2", "application/grpc-web-text+proto")]
    public async Task Unary_call_returns_the_message_then_a_trailer_frame(string version, string contentType)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();

        var response = await GrpcWebClient.CallAsync(host, version, Unary, RawGrpc.FrameOf(new EchoRequest { Text = "hi" }), contentType);

        Assert.AreEqual(contentType, response.Http.Content.Headers.ContentType!.MediaType, "the response mirrors the request's content type");
        Assert.AreEqual(version == "1.1" ? new Version(1, 1) : new Version(2, 0), response.Http.Version);
        Assert.AreEqual("hi", MessageCodec.Decode<EchoReply>(response.Messages.Single()).Text);
        Assert.AreEqual(StatusCode.OK, response.Status);
        Assert.IsFalse(response.Http.Headers.Contains("grpc-status"), "the status is in the trailer frame, not the headers");
    }

    [TestMethod]
    [DataRow("1.1", GrpcWebClient.Binary)]
    [DataRow("1.1", GrpcWebClient.Text)]
    [DataRow("2", GrpcWebClient.Binary)]
    [DataRow("2", GrpcWebClient.Text)]
    public async Task Server_streaming_call_returns_every_message_then_a_trailer_frame(string version, string contentType)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();

        var response = await GrpcWebClient.CallAsync(host, version, ServerStream, RawGrpc.FrameOf(new EchoRequest { Text = "s", Count = 3 }), contentType);

        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, response.Messages.Select(m => MessageCodec.Decode<EchoReply>(m).Index).ToArray());
        Assert.AreEqual(StatusCode.OK, response.Status);
    }

    [TestMethod]
    [DataRow("1.1")]
    [DataRow("2")]
    public async Task Trailer_frame_is_flag_0x80_a_big_endian_length_and_lower_case_lines(string version)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();

        var ok = await GrpcWebClient.CallAsync(host, version, Unary, RawGrpc.FrameOf(new EchoRequest { Text = "x" }));
        var failed = await GrpcWebClient.CallAsync(host, version, ServerStream, RawGrpc.FrameOf(new EchoRequest { Text = "x", Count = 1, FailWith = StatusCode.Aborted }));

        var okBody = ok.Frames[^1];
        Assert.AreEqual(0x80, okBody.Flag);
        CollectionAssert.AreEqual("grpc-status: 0\r\n"u8.ToArray(), okBody.Payload);
        var expected = "grpc-status: 10\r\ngrpc-message: failed as asked: x\r\n"u8.ToArray();
        CollectionAssert.AreEqual(expected, failed.TrailerFrame);
        // The frame header itself, byte for byte: 0x80 then the length, big-endian.
        var raw = await RawBodyAsync(host, version, ServerStream, new EchoRequest { Text = "x", Count = 1, FailWith = StatusCode.Aborted });
        CollectionAssert.AreEqual(new byte[] { 0x80, 0, 0, 0, (byte)expected.Length }.Concat(expected).ToArray(), raw[^(5 + expected.Length)..]);
    }

    [TestMethod]
    [DataRow("1.1")]
    [DataRow("2")]
    public async Task Server_stream_arrives_incrementally(string version)
    {
        await using var host = await GrpcWebClient.StartAsync(app =>
        {
            app.UseGrpcWeb();
            app.MapGrpcService<GatedService>().EnableGrpcWeb();
        });
        var text = $"incremental over {version}";
        var request = GrpcWebClient.Request("/test.v1.Gated/Stream", RawGrpc.FrameOf(new EchoRequest { Text = text }), GrpcWebClient.Binary, version);

        using var response = await GrpcWebClient.Client(host, version).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        var reader = new GrpcMessageReader(body);

        var first = await reader.ReadAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual(0, MessageCodec.Decode<EchoReply>(first!).Index, "the first message is readable while the service waits to send the second");
        GatedService.Gate(text).SetResult();
        var second = await reader.ReadAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual(1, MessageCodec.Decode<EchoReply>(second!).Index);
        var rest = new MemoryStream();
        await body.CopyToAsync(rest);
        Assert.AreEqual(0x80, rest.ToArray()[0], "the trailer frame comes last");
    }

    [TestMethod]
    [DataRow("1.1")]
    [DataRow("2")]
    public async Task Text_response_is_one_padded_base64_chunk_per_message_and_one_for_the_trailer_frame(string version)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();
        var request = GrpcWebClient.Request(ServerStream, RawGrpc.FrameOf(new EchoRequest { Text = "chunks", Count = 3 }), GrpcWebClient.Text, version);

        using var response = await GrpcWebClient.Client(host, version).SendAsync(request);
        var text = Encoding.ASCII.GetString(await response.Content.ReadAsByteArrayAsync());

        var frames = GrpcWebClient.Split(GrpcWebClient.DecodeText(Encoding.ASCII.GetBytes(text)));
        Assert.HasCount(4, frames, "three messages and the trailer frame");
        var encoded = frames.Select(frame => Convert.ToBase64String([frame.Flag, .. BigEndian(frame.Payload.Length), .. frame.Payload])).ToList();
        Assert.IsTrue(encoded.Any(chunk => chunk.EndsWith('=')), "some frame needs padding, so one chunk for the whole body would differ");
        Assert.AreEqual(string.Concat(encoded), text);
    }

    [TestMethod]
    [DataRow("1.1")]
    [DataRow("2")]
    public async Task Text_request_may_be_several_padded_base64_chunks(string version)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();
        var frame = RawGrpc.FrameOf(new EchoRequest { Text = "chunked text" });
        // Split so that both halves need padding: '=' ends up in the middle of the body.
        var split = 4;
        var body = Encoding.ASCII.GetBytes(Convert.ToBase64String(frame[..split]) + Convert.ToBase64String(frame[split..]));
        Assert.Contains((byte)'=', body[..(body.Length - 4)], "padding in the middle of the body");

        // Sent three bytes per write, so the server sees quanta and padding split across reads too.
        var response = await GrpcWebClient.SendAsync(GrpcWebClient.Client(host, version),
            GrpcWebClient.RequestWithContent(Unary, new DribbleContent(body, 3), GrpcWebClient.Text, version));

        Assert.AreEqual(StatusCode.OK, response.Status);
        Assert.AreEqual("chunked text", MessageCodec.Decode<EchoReply>(response.Messages.Single()).Text);
    }

    [TestMethod]
    public async Task Text_request_that_is_not_base64_is_internal()
    {
        await using var host = await GrpcWebClient.StartEchoAsync();

        var response = await GrpcWebClient.SendAsync(host.Http1Client,
            GrpcWebClient.RequestWithBody(Unary, "AAAA*AAA"u8.ToArray(), GrpcWebClient.Text, "1.1"));

        Assert.AreEqual(StatusCode.Internal, response.Status);
        StringAssert.Contains(response.Message, "base64");
    }

    [TestMethod]
    [DataRow("1.1", GrpcWebClient.Binary)]
    [DataRow("2", GrpcWebClient.Text)]
    public async Task Error_before_the_first_message_is_trailers_only(string version, string contentType)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();

        var response = await GrpcWebClient.CallAsync(host, version, Unary, RawGrpc.FrameOf(new EchoRequest { Text = "x", FailWith = StatusCode.NotFound }), contentType);

        Assert.IsTrue(response.TrailersOnly, "grpc-status in the headers, and an empty body");
        Assert.AreEqual("5", response.Http.Headers.GetValues("grpc-status").Single());
        Assert.AreEqual("failed as asked: x", response.Http.Headers.GetValues("grpc-message").Single());
        Assert.AreEqual(contentType, response.Http.Content.Headers.ContentType!.MediaType);
    }

    [TestMethod]
    [DataRow("1.1")]
    [DataRow("2")]
    public async Task Deadline_is_enforced(string version)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();
        var text = $"grpc-web deadline {version}";

        var response = await GrpcWebClient.CallAsync(host, version, Unary,
            RawGrpc.FrameOf(new EchoRequest { Text = text, DelayMilliseconds = 30_000 }), GrpcWebClient.Binary, ("grpc-timeout", "200m"));

        Assert.AreEqual(StatusCode.DeadlineExceeded, response.Status);
        await EchoService.CancellationSeen(text).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [TestMethod]
    [DataRow("1.1")]
    [DataRow("2")]
    public async Task Deadline_after_the_first_message_ends_with_a_trailer_frame(string version)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();

        var response = await GrpcWebClient.CallAsync(host, version, ServerStream,
            RawGrpc.FrameOf(new EchoRequest { Text = $"late deadline {version}", Count = 1, DelayMilliseconds = 30_000 }), GrpcWebClient.Text, ("grpc-timeout", "200m"));

        Assert.HasCount(1, response.Messages);
        Assert.AreEqual("4", response.Trailers["grpc-status"]);
    }

    [TestMethod]
    [DataRow("1.1")]
    [DataRow("2")]
    public async Task Metadata_travels_both_ways(string version)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();

        var response = await GrpcWebClient.CallAsync(host, version, Unary, RawGrpc.FrameOf(new EchoRequest { Text = "m" }), GrpcWebClient.Binary,
            ("echo-header", "from the browser"), ("echo-bin", "AQID"));

        Assert.AreEqual("from the browser", response.Http.Headers.GetValues("echoed-header").Single(), "response headers");
        Assert.AreEqual("AQID", response.Trailers["echoed-bin"], "trailers in the trailer frame, -bin as base64");
        Assert.AreEqual(StatusCode.OK, response.Status);
    }

    [TestMethod]
    [DataRow("1.1", GrpcWebClient.Binary)]
    [DataRow("2", GrpcWebClient.Text)]
    public async Task Rich_error_details_are_in_the_trailer_frame(string version, string contentType)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();

        var response = await GrpcWebClient.CallAsync(host, version, ServerStream,
            RawGrpc.FrameOf(new EchoRequest { Text = "with details", Count = 1, FailWith = StatusCode.InvalidArgument }), contentType);

        Assert.HasCount(1, response.Messages);
        var encoded = response.Trailers["grpc-status-details-bin"];
        var details = RichStatus.DecodeDetails(Convert.FromBase64String(encoded.PadRight((encoded.Length + 3) / 4 * 4, '=')), out var status);
        Assert.AreEqual(StatusCode.InvalidArgument, status.StatusCode);
        Assert.AreEqual("ASKED", details.OfType<ErrorDetails.ErrorInfo>().Single().Reason);
        Assert.AreEqual("text", details.OfType<ErrorDetails.BadRequest>().Single().FieldViolations.Single().Field);
    }

    [TestMethod]
    [DataRow("1.1", GrpcWebClient.Binary)]
    [DataRow("2", GrpcWebClient.Text)]
    public async Task Gzip_request_and_response(string version, string contentType)
    {
        await using var host = await GrpcWebClient.StartEchoAsync(options => options.ResponseCompression = "gzip");
        var payload = Gzip.Compress(MessageCodec.ToByteArray(new EchoRequest { Text = new string('z', 5000) }));

        var response = await GrpcWebClient.CallAsync(host, version, Unary, RawGrpc.Frame(payload, compressed: true), contentType,
            ("grpc-encoding", "gzip"), ("grpc-accept-encoding", "identity,gzip"));

        Assert.AreEqual("gzip", response.Http.Headers.GetValues("grpc-encoding").Single());
        var frame = response.Frames[0];
        Assert.AreEqual(1, frame.Flag, "the response frame is compressed");
        Assert.AreEqual(5000, MessageCodec.Decode<EchoReply>(Gzip.Decompress(frame.Payload)).Text.Length);
        Assert.AreEqual(StatusCode.OK, response.Status);
    }

    [TestMethod]
    [DataRow("/test.v1.Echo/ClientStream", "client")]
    [DataRow("/test.v1.Echo/Duplex", "duplex")]
    public async Task Streaming_request_methods_are_unimplemented_over_grpc_web(string path, string shape)
    {
        await using var host = await GrpcWebClient.StartEchoAsync();

        var response = await GrpcWebClient.CallAsync(host, "1.1", path, RawGrpc.FrameOf(new EchoRequest { Text = "a" }), GrpcWebClient.Text);

        Assert.IsTrue(response.TrailersOnly);
        Assert.AreEqual(StatusCode.Unimplemented, response.Status);
        StringAssert.Contains(response.Message, $"is {shape} streaming; gRPC-Web (browsers) cannot stream requests");
        Assert.AreEqual(GrpcWebClient.Text, response.Http.Content.Headers.ContentType!.MediaType);
    }

    [TestMethod]
    public async Task Unknown_method_is_unimplemented_when_grpc_web_is_on_by_default()
    {
        await using var host = await GrpcWebClient.StartAsync(app =>
        {
            app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
            app.MapGrpcService<EchoService>();
        });

        var known = await GrpcWebClient.CallAsync(host, "1.1", Unary, RawGrpc.FrameOf(new EchoRequest { Text = "on" }));
        var unknown = await GrpcWebClient.CallAsync(host, "1.1", "/test.v1.Echo/Nope", RawGrpc.FrameOf(new EchoRequest()));

        Assert.AreEqual("on", MessageCodec.Decode<EchoReply>(known.Messages.Single()).Text);
        Assert.AreEqual(StatusCode.Unimplemented, unknown.Status);
    }

    [TestMethod]
    public async Task Service_not_enabled_is_not_served_as_grpc_web()
    {
        await using var host = await GrpcWebClient.StartAsync(app =>
        {
            app.UseGrpcWeb();
            app.MapGrpcService<EchoService>();                      // not enabled, and not on by default
            app.MapGrpcService<GatedService>().EnableGrpcWeb();
        });

        var request = GrpcWebClient.Request(Unary, RawGrpc.FrameOf(new EchoRequest { Text = "no" }), GrpcWebClient.Binary, "2");
        using var response = await host.Client.SendAsync(request);

        Assert.AreEqual(System.Net.HttpStatusCode.UnsupportedMediaType, response.StatusCode, "left to the server, which refuses the content type");
    }

    [TestMethod]
    public async Task DisableGrpcWeb_overrides_the_default()
    {
        await using var host = await GrpcWebClient.StartAsync(app =>
        {
            app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
            app.MapGrpcService<EchoService>().DisableGrpcWeb();
        });

        var request = GrpcWebClient.Request(Unary, RawGrpc.FrameOf(new EchoRequest { Text = "no" }), GrpcWebClient.Binary, "1.1");
        using var response = await host.Http1Client.SendAsync(request);

        Assert.AreEqual(System.Net.HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [TestMethod]
    public async Task Plain_grpc_over_http1_is_still_refused_and_plain_grpc_over_http2_still_works()
    {
        await using var host = await GrpcWebClient.StartEchoAsync();
        var http1 = RawGrpc.Request(Unary, RawGrpc.FrameOf(new EchoRequest { Text = "g" }));
        http1.Version = System.Net.HttpVersion.Version11;

        using var refused = await host.Http1Client.SendAsync(http1);
        var served = await RawGrpc.CallAsync(host.Client, Unary, RawGrpc.FrameOf(new EchoRequest { Text = "g" }));

        Assert.AreEqual(System.Net.HttpStatusCode.UpgradeRequired, refused.StatusCode);
        Assert.AreEqual("g", MessageCodec.Decode<EchoReply>(served.Messages.Single()).Text);
        Assert.AreEqual("application/grpc", served.Http.Content.Headers.ContentType!.MediaType);
        Assert.AreEqual(StatusCode.OK, served.Status);
    }

    private static async Task<byte[]> RawBodyAsync(GrpcTestHost host, string version, string path, EchoRequest message)
    {
        using var response = await GrpcWebClient.Client(host, version).SendAsync(GrpcWebClient.Request(path, RawGrpc.FrameOf(message), GrpcWebClient.Binary, version));
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static byte[] BigEndian(int length)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, length);
        return bytes;
    }
}
