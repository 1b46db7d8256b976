using System.Text.Json;

namespace CodeFirst.Orders.Client.Tests.EndToEnd;

/// <summary>Someone running the CLI against one server with one token (or none).</summary>
internal sealed class CliUser(Uri address, string? token)
{
    public static CliUser Alice(OrderServerProcess server) => new(server.Address, "dev-alice");

    public static CliUser Bob(OrderServerProcess server) => new(server.Address, "dev-bob");

    public static CliUser Admin(OrderServerProcess server) => new(server.Address, "dev-admin");

    public static CliUser Anonymous(OrderServerProcess server) => new(server.Address, null);

    /// <summary>The global options go first, as in the server's banner: <c>--address A --token T command ...</c>.</summary>
    public IEnumerable<string> Arguments(IEnumerable<string> command) =>
        ["--address", address.ToString(), .. token is null ? Array.Empty<string>() : ["--token", token], .. command];

    public Task<ProcessResult> RunAsync(params string[] command) => CliProcess.RunAsync(Arguments(command));

    /// <summary>Runs with <c>--json</c>, expecting success and exactly one object.</summary>
    public async Task<JsonElement> RunJsonAsync(params string[] command)
    {
        var result = await RunAsync([.. command, "--json"]);
        result.AssertSucceeded();
        return result.JsonLines().Single();
    }

    /// <summary>Creates an order for <paramref name="customer"/>; returns its id.</summary>
    public async Task<string> CreateOrderAsync(string customer, params string[] items)
    {
        string[] command = ["create", "--customer", customer, .. items.SelectMany(item => new[] { "--item", item })];
        return (await RunJsonAsync(command)).GetProperty("id").GetString()!;
    }

    public ChatProcess StartChat(string orderId, params string[] options) =>
        ChatProcess.Start(Arguments(["chat", orderId, .. options]));
}
