using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary>gzip: compressed requests are decompressed; responses are compressed when the server opts in and the client accepts.</summary>
[TestClass]
public sealed class CompressionTests
{
    [TestMethod]
    public async Task Gzip_request_is_decompressed()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());
        var payload = Gzip.Compress(MessageCodec.ToByteArray(new EchoRequest { Text = new string('z', 10_000) }));

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.Frame(payload, compressed: true), ("grpc-encoding", "gzip"));

        Assert.AreEqual(10_000, MessageCodec.Decode<EchoReply>(response.Messages.Single()).Text.Length);
    }

    [TestMethod]
    public async Task Gzip_bomb_is_stopped_at_the_receive_limit()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>(), options => options.MaxReceiveMessageSize = 64 * 1024);
        var payload = Gzip.Compress(MessageCodec.ToByteArray(new EchoRequest { Text = new string('z', 1_000_000) }));

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.Frame(payload, compressed: true), ("grpc-encoding", "gzip"));

        Assert.AreEqual(StatusCode.ResourceExhausted, response.Status);
    }

    [TestMethod]
    public async Task Response_is_gzipped_when_the_server_opts_in_and_the_client_accepts()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>(), options => options.ResponseCompression = "gzip");
        var request = RawGrpc.FrameOf(new EchoRequest { Text = new string('y', 5000) });

        var accepted = await RawGrpc.SendAsync(host.Client, RawGrpc.Request("/test.v1.Echo/Unary", request, "application/grpc", ("grpc-accept-encoding", "identity,gzip")));
        var notAccepted = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", request);

        Assert.AreEqual("gzip", accepted.Http.Headers.GetValues("grpc-encoding").Single());
        var frame = accepted.Messages.Single();
        Assert.AreEqual(5000, MessageCodec.Decode<EchoReply>(Gzip.Decompress(frame)).Text.Length);
        Assert.IsLessThan(1000, frame.Length, "the response payload is compressed");
        Assert.IsTrue(accepted.Frames.Single().Compressed, "the frame's compressed flag is set");
        Assert.IsFalse(notAccepted.Http.Headers.Contains("grpc-encoding"));
        Assert.IsFalse(notAccepted.Frames.Single().Compressed);
        Assert.AreEqual(5000, MessageCodec.Decode<EchoReply>(notAccepted.Messages.Single()).Text.Length);
    }
}
