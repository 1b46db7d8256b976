using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Grpc.AspNetCore.Health;
using CodeFirst.Grpc.Health;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>
/// Client-side balancing over three real servers on three loopback ports: spreading, failover when one stops,
/// recovery when it comes back on its port, and health-checked skipping.
/// </summary>
[TestClass]
public sealed class LoadBalancingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>One replica: a server with the tester and health services, which can stop and start again on its port.</summary>
    private sealed class Replica : IAsyncDisposable
    {
        private GrpcTestHost? _host;

        private Replica(string name) => Name = name;

        public string Name { get; }

        public int Port { get; private set; }

        public Uri Address => new($"http://127.0.0.1:{Port}");

        public TesterService Service { get; private set; } = null!;

        public HealthStatusManager Health => _host!.Services.GetRequiredService<HealthStatusManager>();

        public static async Task<Replica> StartAsync(string name)
        {
            var replica = new Replica(name);
            await replica.StartAsync();
            return replica;
        }

        public async Task StartAsync()
        {
            Service = new TesterService(Name);
            _host = await GrpcTestHost.StartAsync(
                app =>
                {
                    app.MapGrpcService<TesterService>();
                    app.MapGrpcHealthService();
                },
                services: services => services.AddSingleton(Service).AddGrpcHealth(),
                port: Port);
            Port = _host.Address.Port;
        }

        public async Task StopAsync()
        {
            var host = _host;
            _host = null;
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        public ValueTask DisposeAsync() => new(StopAsync());
    }

    /// <summary>Three replicas, a, b and c, stopped together.</summary>
    private sealed class Replicas(Replica[] all) : IAsyncDisposable
    {
        public Replica this[int index] => all[index];

        public IEnumerable<Uri> Addresses => all.Select(r => r.Address);

        public IReadOnlyList<Replica> All => all;

        public static async Task<Replicas> StartAsync() =>
            new([await Replica.StartAsync("a"), await Replica.StartAsync("b"), await Replica.StartAsync("c")]);

        public async ValueTask DisposeAsync()
        {
            foreach (var replica in all)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private static GrpcChannelOptions Options(LoadBalancingPolicy policy, string? healthService = null) => new()
    {
        InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
        MaxReconnectBackoff = TimeSpan.FromMilliseconds(500),
        ServiceConfig = new ServiceConfig
        {
            LoadBalancingPolicy = policy,
            HealthCheckServiceName = healthService,
            MethodConfigs =
            {
                new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = 5,
                        InitialBackoff = TimeSpan.FromMilliseconds(20),
                        MaxBackoff = TimeSpan.FromMilliseconds(200),
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                },
            },
        },
    };

    private static async Task<Dictionary<string, int>> CallAsync(ITester client, int calls, string text = "rr")
    {
        var counts = new Dictionary<string, int>();
        using var timeout = new CancellationTokenSource(Bound);
        for (var i = 0; i < calls; i++)
        {
            var reply = await client.UnaryAsync(new TestRequest { Text = text }, timeout.Token);
            counts[reply.Server] = counts.GetValueOrDefault(reply.Server) + 1;
        }
        return counts;
    }

    [TestMethod]
    public async Task Round_robin_spreads_calls_evenly_over_three_servers()
    {
        await using var replicas = await Replicas.StartAsync();
        using var channel = GrpcChannel.ForAddresses(replicas.Addresses, Options(LoadBalancingPolicy.RoundRobin));
        var counts = await CallAsync(channel.CreateGrpcService<ITester>(), 300);
        foreach (var replica in replicas.All)
        {
            var share = counts.GetValueOrDefault(replica.Name);
            Assert.IsTrue(share is >= 90 and <= 110, $"{replica.Name} got {share} of 300 calls; expected 100 ± 10%");
        }
    }

    [TestMethod]
    public async Task Stopping_a_server_mid_run_fails_no_call_and_restarting_it_brings_traffic_back()
    {
        await using var replicas = await Replicas.StartAsync();
        using var channel = GrpcChannel.ForAddresses(replicas.Addresses, Options(LoadBalancingPolicy.RoundRobin));
        var client = channel.CreateGrpcService<ITester>();
        using var running = new CancellationTokenSource();
        var failures = new List<Exception>();
        var completed = 0;
        // Four callers in a loop while the test stops and restarts replica b.
        var callers = Enumerable.Range(0, 4).Select(async caller =>
        {
            while (!running.IsCancellationRequested)
            {
                try
                {
                    await client.UnaryAsync(new TestRequest { Text = $"caller{caller}" }, new CallOptions { Deadline = DateTime.UtcNow + Bound });
                    Interlocked.Increment(ref completed);
                }
                catch (Exception e)
                {
                    lock (failures)
                    {
                        failures.Add(e);
                    }
                }
            }
        }).ToArray();

        await WaitUntilAsync(() => replicas.All.All(r => r.Service.TotalCalls >= 20), "every replica serves calls");
        await replicas[1].StopAsync();
        var servedBeforeStop = replicas[1].Service.TotalCalls;
        var othersBefore = replicas[0].Service.TotalCalls + replicas[2].Service.TotalCalls;
        await WaitUntilAsync(() => replicas[0].Service.TotalCalls + replicas[2].Service.TotalCalls >= othersBefore + 200, "traffic moves to a and c");
        Assert.AreEqual(servedBeforeStop, replicas[1].Service.TotalCalls, "the stopped replica served nothing");

        await replicas[1].StartAsync();
        await WaitUntilAsync(() => replicas[1].Service.TotalCalls >= 50, "the restarted replica gets traffic again");

        running.Cancel();
        await Task.WhenAll(callers);
        Assert.AreEqual(0, failures.Count, $"{failures.Count} calls failed, first: {failures.FirstOrDefault()}");
        Assert.IsTrue(completed > 300);
    }

    [TestMethod]
    public async Task Pick_first_uses_the_first_server_and_fails_over_in_order()
    {
        await using var replicas = await Replicas.StartAsync();
        using var channel = GrpcChannel.ForAddresses(replicas.Addresses, Options(LoadBalancingPolicy.PickFirst));
        var client = channel.CreateGrpcService<ITester>();
        CollectionAssert.AreEquivalent(new[] { "a" }, (await CallAsync(client, 20)).Keys.ToArray());
        await replicas[0].StopAsync();
        CollectionAssert.AreEquivalent(new[] { "b" }, (await CallAsync(client, 20)).Keys.ToArray());
    }

    [TestMethod]
    public async Task A_replica_reporting_NOT_SERVING_is_skipped_until_it_serves_again()
    {
        await using var replicas = await Replicas.StartAsync();
        using var channel = GrpcChannel.ForAddresses(replicas.Addresses, Options(LoadBalancingPolicy.RoundRobin, healthService: ""));
        var client = channel.CreateGrpcService<ITester>();
        await CallAsync(client, 30);

        replicas[2].Health.SetStatus("", ServingStatus.NotServing);
        // The watch delivers the change asynchronously: wait until calls stop landing on c.
        await WaitUntilAsync(async () => !(await CallAsync(client, 30)).ContainsKey("c"), "c is skipped while NOT_SERVING");
        var counts = await CallAsync(client, 60);
        Assert.IsFalse(counts.ContainsKey("c"), "no call went to the NOT_SERVING replica");

        replicas[2].Health.SetStatus("", ServingStatus.Serving);
        await WaitUntilAsync(async () => (await CallAsync(client, 30)).ContainsKey("c"), "c takes calls again once SERVING");
    }

    [TestMethod]
    public async Task A_dns_target_balances_over_the_addresses_the_name_resolves_to()
    {
        await using var replica = await Replica.StartAsync("dns");
        // localhost resolves to 127.0.0.1 (where the server listens) and usually ::1 (where nothing does): the
        // unreachable address is skipped, without failing a call.
        using var channel = GrpcChannel.ForAddress($"dns:///localhost:{replica.Port}", Options(LoadBalancingPolicy.RoundRobin));
        var counts = await CallAsync(channel.CreateGrpcService<ITester>(), 20);
        Assert.AreEqual(20, counts["dns"]);
        // The calls went to resolved addresses, each carrying the name as its :authority.
        var resolved = channel.Balancer.Subchannels;
        Assert.IsTrue(resolved.Any(s => s.Address.Host == "127.0.0.1"), string.Join(", ", resolved));
        Assert.IsTrue(resolved.All(s => s.Authority == $"localhost:{replica.Port}"), string.Join(", ", resolved));
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {Bound.TotalSeconds} s waiting until {what}.");
            }
            await Task.Delay(20);
        }
    }
}
