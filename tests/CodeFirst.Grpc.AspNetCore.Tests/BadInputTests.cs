using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary>Bad requests over raw HTTP/2 get the right status, and the server keeps serving.</summary>
[TestClass]
public sealed class BadInputTests
{
    private static GrpcTestHost s_host = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) =>
        s_host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>(), options => options.MaxReceiveMessageSize = 1024);

    [ClassCleanup]
    public static async Task StopAsync() => await s_host.DisposeAsync();

    [TestCleanup]
    public async Task ServerStillServes()
    {
        var response = await RawGrpc.CallAsync(s_host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "still here" }));
        Assert.AreEqual("still here", MessageCodec.Decode<EchoReply>(response.Messages.Single()).Text);
    }

    [TestMethod]
    public async Task Wrong_content_type_is_415()
    {
        var response = await RawGrpc.SendAsync(s_host.Client, RawGrpc.Request("/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest()), "application/json"));

        Assert.AreEqual(System.Net.HttpStatusCode.UnsupportedMediaType, response.Http.StatusCode);
        Assert.AreEqual(StatusCode.Internal, response.Status);
    }

    [TestMethod]
    public async Task Message_larger_than_the_limit_is_resource_exhausted()
    {
        var response = await RawGrpc.CallAsync(s_host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = new string('x', 2000) }));

        Assert.AreEqual(StatusCode.ResourceExhausted, response.Status);
        StringAssert.Contains(response.Message, "1024");
    }

    [TestMethod]
    public async Task Declared_length_larger_than_the_limit_is_rejected_before_the_payload_arrives()
    {
        // Only the header claims 1 GB; the server must not wait for (or buffer) it.
        var response = await RawGrpc.CallAsync(s_host.Client, "/test.v1.Echo/Unary", [0, 0x40, 0, 0, 0, 1, 2, 3]);

        Assert.AreEqual(StatusCode.ResourceExhausted, response.Status);
    }

    [TestMethod]
    public async Task Frame_cut_short_is_internal()
    {
        var frame = RawGrpc.FrameOf(new EchoRequest { Text = "truncated" });

        var response = await RawGrpc.CallAsync(s_host.Client, "/test.v1.Echo/Unary", frame[..^3]);

        Assert.AreEqual(StatusCode.Internal, response.Status);
        StringAssert.Contains(response.Message, "Incomplete message");
    }

    [TestMethod]
    public async Task Compressed_flag_without_grpc_encoding_is_internal()
    {
        var response = await RawGrpc.CallAsync(s_host.Client, "/test.v1.Echo/Unary", RawGrpc.Frame(MessageCodec.ToByteArray(new EchoRequest { Text = "z" }), compressed: true));

        Assert.AreEqual(StatusCode.Internal, response.Status);
        StringAssert.Contains(response.Message, "grpc-encoding");
    }

    [TestMethod]
    public async Task Garbage_protobuf_is_internal_naming_the_message()
    {
        var response = await RawGrpc.CallAsync(s_host.Client, "/test.v1.Echo/Unary", RawGrpc.Frame([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));

        Assert.AreEqual(StatusCode.Internal, response.Status);
        StringAssert.Contains(response.Message, "test.v1.EchoRequest");
    }

    [TestMethod]
    public async Task Non_numeric_grpc_timeout_is_internal()
    {
        var response = await RawGrpc.CallAsync(s_host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest()), ("grpc-timeout", "soonS"));

        Assert.AreEqual(StatusCode.Internal, response.Status);
        StringAssert.Contains(response.Message, "grpc-timeout");
    }

    [TestMethod]
    public async Task Unknown_grpc_encoding_is_unimplemented_with_the_accepted_encodings()
    {
        var response = await RawGrpc.CallAsync(s_host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest()), ("grpc-encoding", "br"));

        Assert.AreEqual(StatusCode.Unimplemented, response.Status);
        Assert.AreEqual("identity,gzip", response.Value("grpc-accept-encoding"));
    }

    [TestMethod]
    public async Task Two_messages_to_a_unary_method_is_internal()
    {
        var body = RawGrpc.FrameOf(new EchoRequest()).Concat(RawGrpc.FrameOf(new EchoRequest())).ToArray();

        var response = await RawGrpc.CallAsync(s_host.Client, "/test.v1.Echo/Unary", body);

        Assert.AreEqual(StatusCode.Internal, response.Status);
        StringAssert.Contains(response.Message, "more than one message");
    }

    [TestMethod]
    public async Task Bytes_after_the_one_message_of_a_unary_call_are_an_incomplete_message()
    {
        // The message and the end arrive in one read, but the read also holds a part of a second message.
        var body = RawGrpc.FrameOf(new EchoRequest { Text = "one" }).Concat(new byte[] { 0, 0, 0 }).ToArray();

        var response = await RawGrpc.CallAsync(s_host.Client, "/test.v1.Echo/Unary", body);

        Assert.AreEqual(StatusCode.Internal, response.Status);
        StringAssert.Contains(response.Message, "Incomplete message");
    }
}
