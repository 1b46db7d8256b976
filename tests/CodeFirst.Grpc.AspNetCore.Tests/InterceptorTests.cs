using System.Collections.Concurrent;
using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    [TestMethod]
    public async Task Interceptor_types_come_from_DI_with_its_lifetime_else_are_created_per_call_with_constructor_injection()
    {
        var seen = new SeenInterceptors();
        await using var host = await GrpcTestHost.StartAsync(
            app => app.MapGrpcService<EchoService>(),
            options =>
            {
                options.Interceptors.Add<SingletonInterceptor>();
                options.Interceptors.Add<ScopedInterceptor>();
                options.Interceptors.Add<ActivatedInterceptor>();
            },
            services => services.AddSingleton(seen).AddSingleton<SingletonInterceptor>().AddScoped<ScopedInterceptor>());

        for (var i = 0; i < 3; i++)
        {
            var call = await RawGrpc.CallAsync(host.Client, "/test.v1.Echo/Unary", RawGrpc.FrameOf(new EchoRequest { Text = "x" }));
            Assert.AreEqual(StatusCode.OK, call.Status, call.Message);
        }

        // Each interceptor ran once per call, in order; DI's singleton is one instance, the rest one per call.
        CollectionAssert.AreEqual(new[] { "singleton", "scoped", "activated", "singleton", "scoped", "activated", "singleton", "scoped", "activated" },
            seen.Calls.Select(c => c.Name).ToArray());
        Assert.AreEqual(1, seen.Distinct("singleton"));
        Assert.AreEqual(3, seen.Distinct("scoped"));
        Assert.AreEqual(3, seen.Distinct("activated"));
    }

    [TestMethod]
    public async Task Concurrent_calls_through_shared_interceptors_each_reach_their_own_service_instance()
    {
        var log = new ConcurrentQueue<string>();
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<InstanceProbeService>(), options =>
        {
            options.Interceptors.Add(new RecordingInterceptor("first", log));
            options.Interceptors.Add(new RecordingInterceptor("second", log));
        });

        var calls = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            RawGrpc.CallAsync(host.Client, "/test.v1.InstanceProbe/WhoAmI", RawGrpc.FrameOf(new EchoRequest { Text = $"call {i}", DelayMilliseconds = 20 }))));

        CollectionAssert.AreEqual(Enumerable.Repeat<StatusCode?>(StatusCode.OK, 16).ToArray(), calls.Select(c => c.Status).ToArray());
        var replies = calls.Select(c => MessageCodec.Decode<EchoReply>(c.Messages.Single())).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(0, 16).Select(i => $"call {i}").ToArray(), replies.Select(r => r.Text).ToArray());
        Assert.AreEqual(16, replies.Select(r => r.Index).Distinct().Count(), "every call has its own service instance");
        Assert.AreEqual(16 * 4, log.Count, "both interceptors ran in and out of every call");
    }

    [TestMethod]
    public async Task Interceptors_cannot_be_added_once_a_service_is_mapped()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<EchoService>(), options => options.Interceptors.Add(new RateLimitInterceptor(budget: 1)));
        var interceptors = host.Services.GetRequiredService<IOptions<GrpcServerOptions>>().Value.Interceptors;

        Assert.ThrowsExactly<InvalidOperationException>(() => interceptors.Add(new RateLimitInterceptor(budget: 0)));
        Assert.ThrowsExactly<InvalidOperationException>(() => interceptors.Add<BearerAuthInterceptor>());
        Assert.AreEqual(1, interceptors.Count);
    }

    private sealed class SeenInterceptors
    {
        public ConcurrentQueue<(string Name, ServerInterceptor Instance)> Calls { get; } = new();

        public int Distinct(string name) => Calls.Where(c => c.Name == name).Select(c => c.Instance).Distinct().Count();
    }

    private abstract class SeeingInterceptor(string name, SeenInterceptors seen) : ServerInterceptor
    {
        public override ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> next)
        {
            seen.Calls.Enqueue((name, this));
            return next(request, context);
        }
    }

    private sealed class SingletonInterceptor(SeenInterceptors seen) : SeeingInterceptor("singleton", seen);

    private sealed class ScopedInterceptor(SeenInterceptors seen) : SeeingInterceptor("scoped", seen);

    /// <summary>Not registered in DI: created per call, its constructor's argument injected.</summary>
    private sealed class ActivatedInterceptor(SeenInterceptors seen) : SeeingInterceptor("activated", seen);

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
