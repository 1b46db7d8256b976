using System.Security.Cryptography;
using System.Text;
using CodeFirst.Grpc.Health;

namespace CodeFirst.Orders.Server.Tests.Process;

/// <summary>
/// The security defaults of SPEC.md section 3, on the real process: a configuration that is unsafe outside a
/// developer's machine stops the start with exit code 1 and says what to set; a safe one starts and prints how to
/// call it.
/// </summary>
[TestClass]
public sealed class StartupChecksTests
{
    private const string ProductionToken = "prod-token-7c1f0e9a";

    [TestMethod]
    public async Task Production_without_tokens_refuses_to_start_naming_Auth_Tokens()
    {
        await AssertRefusesToStartAsync(new OrderServerProcessOptions { Environment = "Production" },
            "The order service will not start (Production)",
            "No Auth:Tokens are configured for the Production environment");
    }

    [TestMethod]
    public async Task Plaintext_endpoint_reachable_from_other_machines_refuses_to_start_naming_TLS()
    {
        // Refused before Kestrel binds: nothing ever listens on 0.0.0.0.
        await AssertRefusesToStartAsync(new OrderServerProcessOptions { Url = "http://0.0.0.0:0" },
            "Kestrel:Endpoints:Grpc (http://0.0.0.0:0) accepts plaintext connections from other machines",
            "serve TLS");
    }

    [TestMethod]
    public async Task Plain_text_token_outside_Development_refuses_to_start_naming_TokenSha256()
    {
        var options = new OrderServerProcessOptions { Environment = "Production" };
        AddHashedToken(options, 0, "carol", "customer", ProductionToken);
        options.Configuration["Auth__Tokens__1__Subject"] = "dave";
        options.Configuration["Auth__Tokens__1__Token"] = "dave-plain-text";

        var result = await AssertRefusesToStartAsync(options,
            "Auth:Tokens:1:Token (subject 'dave') is a plain-text token",
            "set TokenSha256 to its SHA-256");
        // The hashed token is fine: only the plain-text one is reported.
        Assert.IsFalse(result.StandardError.Contains("No Auth:Tokens", StringComparison.Ordinal), result.Output);
        Assert.IsFalse(result.StandardError.Contains("dave-plain-text", StringComparison.Ordinal), $"the token itself is not printed:\n{result.Output}");
    }

    [TestMethod]
    public async Task A_TokenSha256_that_is_not_a_SHA_256_refuses_to_start_naming_it()
    {
        var options = new OrderServerProcessOptions { Environment = "Production" };
        options.Configuration["Auth__Tokens__0__Subject"] = "carol";
        options.Configuration["Auth__Tokens__0__TokenSha256"] = "not-hex";

        await AssertRefusesToStartAsync(options, "Auth:Tokens:0:TokenSha256 (subject 'carol') is not 64 hex digits");
    }

    [TestMethod]
    public async Task Production_with_a_hashed_token_on_loopback_starts_and_accepts_only_that_token()
    {
        var options = new OrderServerProcessOptions { Environment = "Production" };
        AddHashedToken(options, 0, "carol", "customer", ProductionToken);
        await using var server = await OrderServerProcess.StartAsync(options);
        StringAssert.Contains(server.Output, "CodeFirst order service (Production)");

        using var carol = ProcessClients.Connect(server, ProductionToken);
        var orders = carol.CreateGrpcService<IOrderService>();
        var created = await orders.CreateOrderAsync(ProcessClients.NewOrder("carol"));
        Assert.AreEqual(created.Id, (await orders.GetOrderAsync(new GetOrderRequest { Id = created.Id })).Id);
        Assert.AreEqual("carol", created.CustomerId);
        await ProcessClients.ExpectStatusAsync(StatusCode.PermissionDenied,
            async () => await orders.CreateOrderAsync(ProcessClients.NewOrder("alice")),
            "the token's subject, carol, is a customer: it may not order for alice");

        // The Development tokens do not exist in Production; nor is the configured hash itself a token.
        foreach (var wrong in new[] { ProcessClients.Alice, ProcessClients.Admin, Sha256Hex(ProductionToken), ProductionToken + "x" })
        {
            using var channel = ProcessClients.Connect(server, wrong);
            await ProcessClients.ExpectStatusAsync(StatusCode.Unauthenticated,
                async () => await channel.CreateGrpcService<IOrderService>().GetOrderAsync(new GetOrderRequest { Id = created.Id }),
                $"token '{wrong}'");
        }
        using var anonymous = ProcessClients.Connect(server, null);
        await ProcessClients.ExpectStatusAsync(StatusCode.Unauthenticated,
            async () => await anonymous.CreateGrpcService<IOrderService>().GetOrderAsync(new GetOrderRequest { Id = created.Id }),
            "no token");
    }

    [TestMethod]
    public async Task Development_banner_prints_a_listening_line_per_endpoint_and_how_to_call_it()
    {
        var options = new OrderServerProcessOptions();
        options.Configuration["Kestrel__Endpoints__Second__Url"] = "http://127.0.0.1:0";
        await using var server = await OrderServerProcess.StartAsync(options);
        await server.WaitForOutputAsync("  call it:", ProcessClients.CallTimeout);

        var lines = server.Output.Split('\n', StringSplitOptions.TrimEntries);
        var listening = lines.Where(line => line.StartsWith("listening on ", StringComparison.Ordinal)).ToList();
        Assert.HasCount(2, listening, server.Output);
        var urls = listening.Select(line => line.Split(' ')[2]).ToList();
        var addresses = urls.Select(url => new Uri(url)).ToList();
        Assert.AreEqual(2, addresses.Select(a => a.Port).Distinct().Count(), $"two endpoints, two ports:\n{server.Output}");
        foreach (var (line, address) in listening.Zip(addresses))
        {
            Assert.AreEqual("127.0.0.1", address.Host, line);
            Assert.AreNotEqual(0, address.Port, $"the bound port, not the configured 0: {line}");
            StringAssert.EndsWith(line, "(gRPC, plaintext HTTP/2)");
            // Each line names an endpoint that really serves.
            using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { DefaultTimeout = ProcessClients.CallTimeout });
            var health = await channel.CreateGrpcService<IHealth>().CheckAsync(new HealthCheckRequest());
            Assert.AreEqual(ServingStatus.Serving, health.Status, line);
        }

        var callIt = lines.Single(line => line.StartsWith("call it:", StringComparison.Ordinal));
        StringAssert.Contains(callIt, $"--address {urls[0]} --token dev-alice create --customer alice");
        StringAssert.Contains(server.Output, "dev-admin (admin; admin)");
    }

    /// <summary>
    /// Runs the server with <paramref name="options"/>, which it must refuse: exit 1 without ever listening, saying
    /// each of <paramref name="expected"/> on standard error. Returns the run, for further checks.
    /// </summary>
    private static async Task<ProcessResult> AssertRefusesToStartAsync(OrderServerProcessOptions options, params string[] expected)
    {
        var result = await OrderServerProcess.RunUntilExitAsync(options);
        Assert.AreEqual(1, result.ExitCode, result.Output);
        foreach (var text in expected)
        {
            StringAssert.Contains(result.StandardError, text, result.Output);
        }
        Assert.IsFalse(result.Output.Contains("listening on", StringComparison.Ordinal), $"it must not listen:\n{result.Output}");
        return result;
    }

    private static void AddHashedToken(OrderServerProcessOptions options, int index, string subject, string role, string token)
    {
        options.Configuration[$"Auth__Tokens__{index}__Subject"] = subject;
        options.Configuration[$"Auth__Tokens__{index}__Roles__0"] = role;
        options.Configuration[$"Auth__Tokens__{index}__TokenSha256"] = Sha256Hex(token);
    }

    /// <summary>What <c>printf %s "$TOKEN" | sha256sum</c> prints.</summary>
    private static string Sha256Hex(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
