using System.Collections.Concurrent;
using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary>
/// Where a call's service instance comes from: DI when registered (with DI's lifetime), else a new instance per call,
/// built with constructor injection from the call's scope when its constructor asks for services, and disposed after
/// the call. The server decides once which case applies, so these pin each case.
/// </summary>
[TestClass]
public sealed class ServiceActivationTests
{
    [TestMethod]
    public async Task Unregistered_service_with_constructor_dependencies_gets_them_from_each_calls_scope_and_is_disposed()
    {
        var journal = new ActivationJournal();
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<InjectedProbeService>(), services: services =>
            services.AddSingleton(journal).AddScoped<CallScopedDependency>());

        var first = await CallAsync(host);
        var second = await CallAsync(host);

        Assert.AreNotEqual(first.Index, second.Index, "one service instance per call");
        Assert.AreEqual(2, journal.Dependencies.Distinct().Count(), "each call's scope built its own scoped dependency");
        CollectionAssert.AreEquivalent(new[] { first.Index, second.Index }, journal.Disposed.ToArray(), "each instance disposed after its call");
    }

    [TestMethod]
    public async Task Registered_service_comes_from_DI_with_its_lifetime_and_is_not_disposed_by_the_call()
    {
        var journal = new ActivationJournal();
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<InjectedProbeService>(), services: services =>
            services.AddSingleton(journal).AddScoped<CallScopedDependency>().AddSingleton<InjectedProbeService>());

        var first = await CallAsync(host);
        var second = await CallAsync(host);

        Assert.AreEqual(first.Index, second.Index, "DI's singleton serves every call");
        Assert.IsEmpty(journal.Disposed, "the call does not dispose what DI owns");
    }

    [TestMethod]
    public async Task Unregistered_parameterless_service_is_created_per_call_and_disposed()
    {
        await using var host = await GrpcTestHost.StartAsync(app => app.MapGrpcService<InstanceProbeService>());

        var calls = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var call = await RawGrpc.CallAsync(host.Client, "/test.v1.InstanceProbe/WhoAmI", RawGrpc.FrameOf(new EchoRequest { Text = "x" }));
            Assert.AreEqual(StatusCode.OK, call.Status, call.Message);
            calls.Add(MessageCodec.Decode<EchoReply>(call.Messages.Single()).Index);
        }
        Assert.AreEqual(3, calls.Distinct().Count());
    }

    [TestMethod]
    public async Task A_call_creates_a_DI_scope_only_when_its_service_comes_from_DI()
    {
        // Touching HttpContext.RequestServices creates the call's scope: a parameterless, unregistered service with
        // no interceptor types needs none; constructor injection does.
        var observer = new CallObserver();
        var journal = new ActivationJournal();
        await using var plain = await GrpcTestHost.StartAsync(app =>
        {
            observer.Observe(app);
            app.MapGrpcService<InstanceProbeService>();
        });
        await using var injected = await GrpcTestHost.StartAsync(app =>
        {
            observer.Observe(app);
            app.MapGrpcService<InjectedProbeService>();
        }, services: services => services.AddSingleton(journal).AddScoped<CallScopedDependency>());

        var plainReply = await RawGrpc.CallAsync(plain.Client, "/test.v1.InstanceProbe/WhoAmI", RawGrpc.FrameOf(new EchoRequest { Text = "x" }));
        Assert.AreEqual(StatusCode.OK, plainReply.Status, plainReply.Message);
        Assert.IsFalse(observer.ScopeTouched["/test.v1.InstanceProbe/WhoAmI"], "no scope for a parameterless service");
        await CallAsync(injected);
        Assert.IsTrue(observer.ScopeTouched["/test.v1.InstanceProbe/WhoAmI"], "constructor injection comes from the call's scope");
    }

    private static async Task<EchoReply> CallAsync(GrpcTestHost host)
    {
        var call = await RawGrpc.CallAsync(host.Client, "/test.v1.InstanceProbe/WhoAmI", RawGrpc.FrameOf(new EchoRequest { Text = "x" }));
        Assert.AreEqual(StatusCode.OK, call.Status, call.Message);
        return MessageCodec.Decode<EchoReply>(call.Messages.Single());
    }

    /// <summary>What the services below saw: the scoped dependency each got, and which instances were disposed.</summary>
    public sealed class ActivationJournal
    {
        public ConcurrentQueue<CallScopedDependency> Dependencies { get; } = new();

        public ConcurrentQueue<int> Disposed { get; } = new();
    }

    /// <summary>A scoped service: one per call's DI scope.</summary>
    public sealed class CallScopedDependency;

    /// <summary>Needs DI for its constructor; records its dependency and its disposal.</summary>
    public sealed class InjectedProbeService(ActivationJournal journal, CallScopedDependency dependency) : IInstanceProbe, IDisposable
    {
        private static int s_created;
        private readonly int _number = Interlocked.Increment(ref s_created);

        public ValueTask<EchoReply> WhoAmIAsync(EchoRequest request, CallContext context = default)
        {
            journal.Dependencies.Enqueue(dependency);
            return ValueTask.FromResult(new EchoReply { Text = request.Text, Index = _number });
        }

        public void Dispose() => journal.Disposed.Enqueue(_number);
    }
}
