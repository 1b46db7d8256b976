using System.Collections.Concurrent;
using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary>Interceptors run in registration order, see and change metadata, short-circuit, and observe results.</summary>
[TestClass]
public sealed class InterceptorTests
{
    [TestMethod]
    public async Task Interceptors_run_in_registration_order_around_every_shape()
    {
        var log = new ConcurrentQueue<string>();
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>(), options =>
        {
            options.Interceptors.Add(new RecordingInterceptor("first", log));
            options.Interceptors.Add(new RecordingInterceptor("second", log));
        });

        var calls = new[]
        {
            await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "u" })),
            await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/ServerStream", RawGrpc.FrameOf(new EchoRequest { Text = "s", Count = 1 })),
            await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/ClientStream", RawGrpc.FrameOf(new EchoRequest { Text = "c" })),
            await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Duplex", RawGrpc.FrameOf(new EchoRequest { Text = "d" })),
        };

        // Through both interceptors, every shape still reaches the method and answers.
        CollectionAssert.AreEqual(new StatusCode?[] { StatusCode.OK, StatusCode.OK, StatusCode.OK, StatusCode.OK }, calls.Select(c => c.Status).ToArray());
        CollectionAssert.AreEqual(new[] { "u", "s", "c", "d" }, calls.Select(c => MessageCodec.Decode<EchoReply>(c.Messages.Single()).Text).ToArray());

        CollectionAssert.AreEqual(new[]
        {
            "first unary in", "second unary in", "second unary out", "first unary out",
            "first server-streaming", "second server-streaming",
            "first client-streaming", "second client-streaming",
            "first duplex", "second duplex",
        }, log.ToArray());
    }

    [TestMethod]
    public async Task Auth_interceptor_short_circuits_with_unauthenticated_and_passes_valid_callers()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>(), options => options.Interceptors.Add<BearerAuthInterceptor>());

        var anonymous = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "x" }));
        var authorized = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "x" }), ("authorization", "Bearer good"));

        Assert.AreEqual(StatusCode.Unauthenticated, anonymous.Status);
        Assert.AreEqual(0, anonymous.Messages.Count);
        Assert.AreEqual(StatusCode.OK, authorized.Status);
        // The interceptor rewrote the metadata the handler sees: the echo header it added comes back.
        Assert.AreEqual("subject-1", authorized.Http.Headers.GetValues("echoed-header").Single());
    }

    [TestMethod]
    public async Task Rate_limit_interceptor_rejects_calls_over_its_budget()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>(), options => options.Interceptors.Add(new RateLimitInterceptor(budget: 2)));

        var statuses = new List<StatusCode?>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest()))).Status);
        }

        CollectionAssert.AreEqual(new StatusCode?[] { StatusCode.OK, StatusCode.OK, StatusCode.ResourceExhausted, StatusCode.ResourceExhausted }, statuses);
    }

    [TestMethod]
    public async Task Logging_interceptor_observes_results_and_failures()
    {
        var log = new ConcurrentQueue<string>();
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>(), options => options.Interceptors.Add(new ResultLoggingInterceptor(log)));

        await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "fine" }));
        await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { FailWith = StatusCode.NotFound }));

        CollectionAssert.AreEqual(new[] { "/test.v1.Echo/Unary OK fine", "/test.v1.Echo/Unary NotFound" }, log.ToArray());
    }

    private sealed class RecordingInterceptor(string name, ConcurrentQueue<string> log) : ServerInterceptor
    {
        public override async ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> next)
        {
            log.Enqueue($"{name} unary in");
            var response = await next(request, context);
            log.Enqueue($"{name} unary out");
            return response;
        }

        public override IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> next)
        {
            log.Enqueue($"{name} server-streaming");
            return next(request, context);
        }

        public override ValueTask<TResponse> ClientStreamingAsync<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> next)
        {
            log.Enqueue($"{name} client-streaming");
            return next(requests, context);
        }

        public override IAsyncEnumerable<TResponse> DuplexStreamingAsync<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> next)
        {
            log.Enqueue($"{name} duplex");
            return next(requests, context);
        }
    }

    /// <summary>Created per call (constructor injection would work here); rejects calls without a known token.</summary>
    private sealed class BearerAuthInterceptor : ServerInterceptor
    {
        public override ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> next)
        {
            if (context.RequestHeaders.GetValue("authorization") != "Bearer good")
            {
                throw new RpcException(StatusCode.Unauthenticated, "A valid bearer token is required.");
            }
            context.RequestHeaders.Add("echo-header", "subject-1");
            return next(request, context);
        }
    }

    private sealed class RateLimitInterceptor(int budget) : ServerInterceptor
    {
        private int _used;

        public override ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> next) =>
            Interlocked.Increment(ref _used) > budget
                ? throw new RpcException(StatusCode.ResourceExhausted, "Rate limit exceeded.")
                : next(request, context);
    }

    private sealed class ResultLoggingInterceptor(ConcurrentQueue<string> log) : ServerInterceptor
    {
        public override async ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> next)
        {
            try
            {
                var response = await next(request, context);
                log.Enqueue($"{context.Method} OK {(response as EchoReply)?.Text}");
                return response;
            }
            catch (RpcException e)
            {
                log.Enqueue($"{context.Method} {e.StatusCode}");
                throw;
            }
        }
    }
}
