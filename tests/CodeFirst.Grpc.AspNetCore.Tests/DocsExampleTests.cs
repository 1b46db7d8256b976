using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

namespace CodeFirst.Grpc.AspNetCore.Tests
{
    /// <summary>The examples of docs/server.md, compiled and run.</summary>
    [TestClass]
    public sealed class DocsExampleTests
    {
        [TestMethod]
        public async Task Hosting_example_serves_the_greeter_with_metadata_and_interceptor()
        {
            await using var host = await GrpcTestHost.StartAsync(
                app => app.MapGrpcService<Docs.GreeterService>(),
                options =>
                {
                    options.MaxReceiveMessageSize = 8 * 1024 * 1024;
                    options.Interceptors.Add<Docs.LoggingInterceptor>();
                });

            var response = await RawGrpc.CallAsync(host.Client, "/docs.v1.Greeter/SayHello",
                RawGrpc.FrameOf(new Docs.HelloRequest { Name = "Ada" }), ("tenant", "acme"), ("trace-bin", "AQI"));

            Assert.AreEqual("Hello Ada from acme", MessageCodec.Decode<Docs.HelloReply>(response.Messages.Single()).Message);
            Assert.AreEqual("eu-1", response.Http.Headers.GetValues("served-by").Single());
            Assert.AreEqual("AQI", response.Trailers.GetValues("cost-bin").Single());
            Assert.AreEqual(StatusCode.OK, response.Status);
        }

        [TestMethod]
        public async Task Error_example_sends_error_info()
        {
            await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<Docs.GreeterService>());

            var response = await RawGrpc.CallAsync(host.Client, "/docs.v1.Greeter/SayHello", RawGrpc.FrameOf(new Docs.HelloRequest { Name = "missing" }));

            Assert.AreEqual(StatusCode.NotFound, response.Status);
            var details = RichStatus.DecodeDetails(Convert.FromBase64String(response.Value("grpc-status-details-bin")!.PadRight(4 * ((response.Value("grpc-status-details-bin")!.Length + 3) / 4), '=')), out _);
            Assert.AreEqual("ORDER_NOT_FOUND", details.OfType<ErrorDetails.ErrorInfo>().Single().Reason);
        }
    }
}
