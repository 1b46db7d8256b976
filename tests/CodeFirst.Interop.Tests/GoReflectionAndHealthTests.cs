using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Grpc.AspNetCore.Health;
using CodeFirst.Grpc.Health;
using CodeFirst.Grpc.AspNetCore.Reflection;
using CodeFirst.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Interop.Tests;

/// <summary>
/// Server reflection and health through grpc-go 1.33's own clients (grpc_reflection_v1alpha, grpc_health_v1): the
/// probe of tests/Interop/go/probe against the code-first server with <see cref="InteropTestService"/>, health and
/// reflection mapped.
/// </summary>
[TestClass]
public sealed class GoReflectionAndHealthTests
{
    private const string TestService = "grpc.testing.TestService";

    /// <summary>The probe's own deadline, below <see cref="InteropPeers.CaseTimeout"/> so it reports instead of being killed.</summary>
    private const string ProbeTimeout = "--timeout=20s";

    /// <summary>Every method the mapped services declare, as the probe prints them from the descriptors it built.</summary>
    private static readonly string[] ExpectedMethods =
    [
        Method("grpc.health.v1.Health/Check", "grpc.health.v1.HealthCheckRequest", "grpc.health.v1.HealthCheckResponse", client: false, server: false),
        Method("grpc.health.v1.Health/Watch", "grpc.health.v1.HealthCheckRequest", "grpc.health.v1.HealthCheckResponse", client: false, server: true),
        Method("grpc.reflection.v1.ServerReflection/ServerReflectionInfo", "grpc.reflection.v1.ServerReflectionRequest", "grpc.reflection.v1.ServerReflectionResponse", client: true, server: true),
        Method("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "grpc.reflection.v1alpha.ServerReflectionRequest", "grpc.reflection.v1alpha.ServerReflectionResponse", client: true, server: true),
        // As tests/Interop/protos/grpc/testing/test.proto (checked against upstream's test.proto).
        Method($"{TestService}/EmptyCall", "grpc.testing.Empty", "grpc.testing.Empty", client: false, server: false),
        Method($"{TestService}/UnaryCall", "grpc.testing.SimpleRequest", "grpc.testing.SimpleResponse", client: false, server: false),
        Method($"{TestService}/CacheableUnaryCall", "grpc.testing.SimpleRequest", "grpc.testing.SimpleResponse", client: false, server: false),
        Method($"{TestService}/StreamingOutputCall", "grpc.testing.StreamingOutputCallRequest", "grpc.testing.StreamingOutputCallResponse", client: false, server: true),
        Method($"{TestService}/StreamingInputCall", "grpc.testing.StreamingInputCallRequest", "grpc.testing.StreamingInputCallResponse", client: true, server: false),
        Method($"{TestService}/FullDuplexCall", "grpc.testing.StreamingOutputCallRequest", "grpc.testing.StreamingOutputCallResponse", client: true, server: true),
        Method($"{TestService}/HalfDuplexCall", "grpc.testing.StreamingOutputCallRequest", "grpc.testing.StreamingOutputCallResponse", client: true, server: true),
        Method($"{TestService}/UnimplementedCall", "grpc.testing.Empty", "grpc.testing.Empty", client: false, server: false),
    ];

    private static GrpcTestHost? s_server;
    private static TemporaryDirectory? s_build;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        s_build = await InteropPeers.BuildGoPeersAsync(); // once for every case
        s_server = await GrpcTestHost.StartAsync(
            app =>
            {
                app.MapGrpcService<InteropTestService>();
                app.MapGrpcHealthService();
                app.MapGrpcReflectionService();
            },
            services: services => services.AddGrpcHealth());
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (s_server is not null)
        {
            await s_server.DisposeAsync();
        }
        s_build?.Dispose();
    }

    private static HealthStatusManager Health => s_server!.Services.GetRequiredService<HealthStatusManager>();

    [TestMethod]
    public async Task Reflection_lists_the_services_and_describes_their_methods()
    {
        var result = await RunProbeAsync(["--mode=reflection"]);

        Assert.AreEqual(0, result.ExitCode, $"The probe failed. Output:\n{result.Output}");
        var lines = Lines(result.StandardOutput);
        CollectionAssert.AreEquivalent(
            new[] { "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", TestService },
            Strip(lines, "service ").ToList(),
            $"list_services. Output:\n{result.Output}");
        CollectionAssert.AreEquivalent(ExpectedMethods, lines.Where(line => line.StartsWith("method ", StringComparison.Ordinal)).ToList(), $"methods. Output:\n{result.Output}");
        // FullDuplexCall named on its own, so a mismatch there reads plainly.
        CollectionAssert.Contains(
            lines,
            Method($"{TestService}/FullDuplexCall", "grpc.testing.StreamingOutputCallRequest", "grpc.testing.StreamingOutputCallResponse", client: true, server: true),
            result.Output);
    }

    [TestMethod]
    [DataRow("", DisplayName = "the server (\"\")")]
    [DataRow(TestService)]
    [DataRow("grpc.health.v1.Health")]
    public async Task Health_check_reports_serving(string service)
    {
        var result = await RunProbeAsync(["--mode=health-check", $"--service={service}"]);

        Assert.AreEqual(0, result.ExitCode, $"Check(\"{service}\") failed. Output:\n{result.Output}");
        CollectionAssert.AreEqual(new[] { "status SERVING" }, Lines(result.StandardOutput), result.Output);
    }

    [TestMethod]
    public async Task Health_check_of_an_unknown_service_is_NotFound()
    {
        var result = await RunProbeAsync(["--mode=health-check", "--service=grpc.testing.NoSuchService"]);

        Assert.AreEqual(1, result.ExitCode, $"Check of an unknown service should fail. Output:\n{result.Output}");
        var lines = Lines(result.StandardOutput);
        Assert.HasCount(1, lines, result.Output);
        Assert.StartsWith("error code=NotFound ", lines[0], result.Output);
    }

    [TestMethod]
    public async Task Health_watch_sees_serving_then_not_serving_after_SetStatus()
    {
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = RunProbeAsync(
            ["--mode=health-watch", $"--service={TestService}", "--count=2"],
            line =>
            {
                if (line == "status SERVING")
                {
                    serving.TrySetResult();
                }
            });
        try
        {
            // Either the first status arrives, or the probe ends (or is killed at the time limit) without it.
            if (await Task.WhenAny(serving.Task, watch) != serving.Task)
            {
                var early = await watch;
                Assert.Fail($"The probe ended (exit {early.ExitCode}) before printing \"status SERVING\". Output:\n{early.Output}");
            }
            Health.SetStatus(TestService, ServingStatus.NotServing);
            var result = await watch;

            Assert.AreEqual(0, result.ExitCode, $"Watch failed. Output:\n{result.Output}");
            CollectionAssert.AreEqual(new[] { "status SERVING", "status NOT_SERVING" }, Lines(result.StandardOutput), result.Output);
        }
        finally
        {
            Health.ClearStatus(TestService);
            if (!watch.IsCompleted)
            {
                // Only when the test failed above: the probe is bounded by its own deadline and ProcessRunner's.
                await Task.WhenAny(watch);
            }
        }
    }

    /// <summary>Runs the probe against the server; a probe that outlives <see cref="InteropPeers.CaseTimeout"/> is killed and fails the test.</summary>
    private static async Task<ProcessResult> RunProbeAsync(string[] arguments, Action<string>? onOutputLine = null)
    {
        string[] all =
        [
            $"--server_host={s_server!.Address.Host}",
            $"--server_port={s_server.Address.Port}",
            ProbeTimeout,
            .. arguments,
        ];
        var probe = Path.Combine(s_build!.Path, "interop-probe");
        try
        {
            return await ProcessRunner.RunAsync(probe, all, timeout: InteropPeers.CaseTimeout, onOutputLine: onOutputLine);
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"The probe did not finish within {InteropPeers.CaseTimeout.TotalSeconds} s. {e.Message}");
            throw;
        }
    }

    private static string Method(string name, string input, string output, bool client, bool server) =>
        $"method {name} input={input} output={output} client_streaming={(client ? "true" : "false")} server_streaming={(server ? "true" : "false")}";

    private static List<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static IEnumerable<string> Strip(IEnumerable<string> lines, string prefix) =>
        lines.Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).Select(line => line[prefix.Length..]);
}
