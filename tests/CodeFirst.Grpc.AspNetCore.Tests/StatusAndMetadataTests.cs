using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary>Status codes, messages, trailers-only responses and metadata in both directions.</summary>
[TestClass]
public sealed class StatusAndMetadataTests
{
    [TestMethod]
    public async Task Error_before_any_message_is_a_trailers_only_response()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "x", FailWith = StatusCode.NotFound }));

        Assert.IsTrue(response.TrailersOnly, "status must be in the headers, with no body and no trailers");
        Assert.AreEqual(StatusCode.NotFound, response.Status);
        Assert.AreEqual("failed as asked: x", response.Message);
        Assert.AreEqual(0, response.Messages.Count);
    }

    [TestMethod]
    public async Task Error_after_messages_comes_in_trailers()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/ServerStream",
            RawGrpc.FrameOf(new EchoRequest { Text = "x", Count = 3, FailWith = StatusCode.Aborted }));

        Assert.AreEqual(3, response.Messages.Count);
        Assert.IsTrue(response.Trailers.Contains("grpc-status"));
        Assert.AreEqual(StatusCode.Aborted, response.Status);
    }

    [TestMethod]
    public async Task Status_message_is_percent_encoded()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary",
            RawGrpc.FrameOf(new EchoRequest { Text = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n 100%", FailWith = StatusCode.Unknown }));

        Assert.AreEqual("failed as asked: %09%0Atest with whitespace%0D%0Aand Unicode BMP %E2%98%BA and non-BMP %F0%9F%98%88%09%0A 100%25", response.Message);
    }

    [TestMethod]
    public async Task Rich_error_details_travel_in_grpc_status_details_bin()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary",
            RawGrpc.FrameOf(new EchoRequest { Text = "with details", FailWith = StatusCode.InvalidArgument }));

        var details = RichStatus.DecodeDetails(Convert.FromBase64String(Pad(response.Value("grpc-status-details-bin")!)), out var status);
        Assert.AreEqual(StatusCode.InvalidArgument, status.StatusCode);
        Assert.AreEqual("failed as asked: with details", status.Detail);
        Assert.AreEqual("ASKED", details.OfType<ErrorDetails.ErrorInfo>().Single().Reason);
        Assert.AreEqual("text", details.OfType<ErrorDetails.BadRequest>().Single().FieldViolations.Single().Field);
    }

    [TestMethod]
    public async Task A_detail_that_is_no_message_contract_still_lets_the_status_out_without_details()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary",
            RawGrpc.FrameOf(new EchoRequest { Text = "with a detail that is no contract", FailWith = StatusCode.FailedPrecondition }));

        Assert.AreEqual(StatusCode.FailedPrecondition, response.Status);
        Assert.AreEqual("failed as asked: with a detail that is no contract", response.Message);
        Assert.IsNull(response.Value("grpc-status-details-bin"));
    }

    [TestMethod]
    public async Task Unexpected_exception_is_unknown_without_internals()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Crash = true }));

        Assert.AreEqual(StatusCode.Unknown, response.Status);
        Assert.AreEqual("Exception was thrown by handler.", response.Message);
    }

    [TestMethod]
    public async Task Detailed_errors_option_includes_the_exception()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>(), options => options.EnableDetailedErrors = true);

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Crash = true }));

        Assert.AreEqual(StatusCode.Unknown, response.Status);
        StringAssert.Contains(response.Message, "InvalidOperationException: secret internal detail");
    }

    [TestMethod]
    public async Task Request_headers_reach_the_handler_and_response_headers_and_binary_trailers_come_back()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());
        var binary = new byte[] { 0, 1, 2, 0xFE, 0xFF };

        var response = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "m" }),
            ("echo-header", "value-1"), ("echo-bin", Convert.ToBase64String(binary).TrimEnd('=')));

        Assert.AreEqual("value-1", response.Http.Headers.GetValues("echoed-header").Single());
        CollectionAssert.AreEqual(binary, Convert.FromBase64String(Pad(response.Trailers.GetValues("echoed-bin").Single())));
        Assert.AreEqual(StatusCode.OK, response.Status);
    }

    [TestMethod]
    public async Task Unknown_method_and_unknown_service_are_unimplemented()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>());

        var method = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Nope", RawGrpc.FrameOf(new EchoRequest()));
        var service = await RawGrpc.CallAsync(host.Client, "/test.v1.Nothing/Nope", RawGrpc.FrameOf(new EchoRequest()));

        Assert.AreEqual(StatusCode.Unimplemented, method.Status);
        StringAssert.Contains(method.Message, "Nope");
        Assert.AreEqual(StatusCode.Unimplemented, service.Status);
        StringAssert.Contains(service.Message, "test.v1.Nothing");
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
}
