using CodeFirst.Testing;

namespace CodeFirst.Orders.Polyglot.Tests;

/// <summary>
/// What the three language test classes share: running a client against a real order server process, where it must
/// pass every step of its scenario (tests/Polyglot/*). Building it is <see cref="Peers.BuildAsync"/>.
/// </summary>
internal static class PolyglotClients
{
    /// <summary>How long one client run may take: its own calls have 10 s deadlines, and it stops at the first failure.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The steps every client prints as <c>ok STEP: ...</c>, in order.</summary>
    private static readonly string[] Steps =
    [
        "CreateOrder", "GetOrder", "ListOrders", "UploadLineItems", "OrderChat", "UpdateOrderStatus",
        "NotFound", "InvalidArgument", "Unauthenticated",
    ];

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> and the server's address and the development
    /// tokens (explicitly, so an <c>ORDERS_TOKEN</c> in the environment does not leak in); it must exit 0 having
    /// passed every step.
    /// </summary>
    public static async Task RunAsync(OrderServerProcess server, string program, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        string[] all =
        [
            .. arguments,
            "--address", $"{server.Address.Host}:{server.Address.Port}",
            "--token", "dev-alice",
            "--admin-token", "dev-admin",
        ];
        var result = await Peers.RunClientAsync(program, all, RunTimeout, environment, () => $"The server's output:\n{server.Output}");
        foreach (var step in Steps)
        {
            Assert.Contains($"ok {step}:", result.StandardOutput, $"{program} exited 0 without passing {step}. Output:\n{result.Output}");
        }
    }
}
