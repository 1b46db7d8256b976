using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary>The four call shapes over a real Kestrel, spoken to byte by byte.</summary>
[TestClass]
public sealed class CallShapeTests
{
    [TestMethod]
    public async Task Unary_call_returns_one_message_then_status_ok_in_trailers()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "hi" }));

        Assert.AreEqual("application/grpc", response.Http.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual("hi", MessageCodec.Decode<EchoReply>(response.Messages.Single()).Text);
        Assert.AreEqual(StatusCode.OK, response.Status);
        Assert.IsTrue(response.Trailers.Contains("grpc-status"), "status must come in trailers after a message");
    }

    [TestMethod]
    public async Task Unary_reply_is_not_flushed_alone_but_leaves_with_the_trailers_while_streamed_replies_are_flushed_each()
    {
        // The one reply of a unary call is written unflushed, so Kestrel sends headers, message and trailers in one
        // write when the call completes; a server stream flushes each message so the client sees it at once.
        var observer = new CallObserver();
        await using var host = await GrpcTestHost.StartAsync(app =>
        {
            observer.Observe(app);
            app.MapGrpcService<EchoService>();
        });

        var unary = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "one write" }));
        var stream = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/ServerStream", RawGrpc.FrameOf(new EchoRequest { Text = "s", Count = 3 }));

        Assert.AreEqual("one write", MessageCodec.Decode<EchoReply>(unary.Messages.Single()).Text);
        Assert.AreEqual(StatusCode.OK, unary.Status);
        Assert.AreEqual(0, observer.Flushes["/test.v1.Echo/Unary"], "the unary reply waits for the trailers");
        Assert.AreEqual(3, stream.Messages.Count);
        Assert.AreEqual(3, observer.Flushes["/test.v1.Echo/ServerStream"], "each streamed reply is flushed");
    }

    [TestMethod]
    public async Task Server_streaming_call_returns_every_message_in_order()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/ServerStream", RawGrpc.FrameOf(new EchoRequest { Text = "s", Count = 50 }));

        CollectionAssert.AreEqual(Enumerable.Range(0, 50).ToArray(), response.Messages.Select(m => MessageCodec.Decode<EchoReply>(m).Index).ToArray());
        Assert.AreEqual(StatusCode.OK, response.Status);
    }

    [TestMethod]
    public async Task Client_streaming_call_reads_every_request_message()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());
        var body = new[] { "a", "b", "c" }.SelectMany(t => RawGrpc.FrameOf(new EchoRequest { Text = t })).ToArray();

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/ClientStream", body);

        var reply = MessageCodec.Decode<EchoReply>(response.Messages.Single());
        Assert.AreEqual("a,b,c", reply.Text);
        Assert.AreEqual(3, reply.Index);
    }

    [TestMethod]
    public async Task Client_streaming_call_with_no_messages_gets_an_empty_aggregate()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/ClientStream", []);

        Assert.AreEqual(0, MessageCodec.Decode<EchoReply>(response.Messages.Single()).Index);
        Assert.AreEqual(StatusCode.OK, response.Status);
    }

    [TestMethod]
    public async Task Duplex_call_answers_each_request()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());
        var body = Enumerable.Range(0, 10).SelectMany(i => RawGrpc.FrameOf(new EchoRequest { Text = $"m{i}" })).ToArray();

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Duplex", body);

        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => $"m{i}").ToArray(), response.Messages.Select(m => MessageCodec.Decode<EchoReply>(m).Text).ToArray());
    }

    [TestMethod]
    public async Task Segmented_request_messages_are_reassembled()
    {
        // A request body delivered in 3-byte pieces: the framing must handle partial headers and payloads.
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());
        var body = Enumerable.Range(0, 5).SelectMany(i => RawGrpc.FrameOf(new EchoRequest { Text = new string('x', 100 + i) })).ToArray();
        var request = RawGrpc.Request("/test.v1.Echo/ClientStream", []);
        request.Content = new DribbleContent(body, 3);
        request.Content.Headers.ContentType = new("application/grpc");

        var response = await RawGrpc.SendAsync(host.Client, request);

        Assert.AreEqual(5, MessageCodec.Decode<EchoReply>(response.Messages.Single()).Index);
    }

    [TestMethod]
    public async Task Unary_request_in_many_DATA_frames_is_reassembled()
    {
        // The one message of a unary call arrives in 3-byte pieces, the end of the request after the last.
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());
        var request = RawGrpc.Request("/test.v1.Echo/Unary", []);
        request.Content = new DribbleContent(RawGrpc.FrameOf(new EchoRequest { Text = new string('y', 200) }), 3);
        request.Content.Headers.ContentType = new("application/grpc");

        var response = await RawGrpc.SendAsync(host.Client, request);

        Assert.AreEqual(StatusCode.OK, response.Status, response.Message);
        Assert.AreEqual(new string('y', 200), MessageCodec.Decode<EchoReply>(response.Messages.Single()).Text);
    }
}
