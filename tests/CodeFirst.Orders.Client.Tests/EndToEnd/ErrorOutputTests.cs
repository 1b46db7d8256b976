using System.Net;
using System.Net.Sockets;

namespace CodeFirst.Orders.Client.Tests.EndToEnd;

/// <summary>Failed calls: exit code 1, the status by name, rich details readably on stderr, and hints where they help.</summary>
[TestClass]
public sealed class ErrorOutputTests
{
    [TestMethod]
    public async Task Unknown_order_is_not_found_with_its_error_info()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var id = Guid.NewGuid().ToString();

        var human = await CliUser.Alice(server).RunAsync("get", id);
        var json = await CliUser.Alice(server).RunAsync("get", id, "--json");

        human.AssertFailed();
        Assert.AreEqual("", human.StandardOutput);
        var lines = human.StandardError.TrimEnd().Split('\n');
        StringAssert.StartsWith(lines[0], "error: NOT_FOUND: ");
        Assert.AreEqual("  ErrorInfo: reason ORDER_NOT_FOUND, domain order.v1", lines[1]);
        Assert.AreEqual($"    order_id: {id}", lines[2]);
        json.AssertFailed();
        var error = json.JsonError();
        Assert.AreEqual(5, error.GetProperty("code").GetInt32());
        Assert.AreEqual("NOT_FOUND", error.GetProperty("status").GetString());
        var info = error.GetProperty("details")[0];
        Assert.AreEqual("type.googleapis.com/google.rpc.ErrorInfo", info.GetProperty("@type").GetString());
        Assert.AreEqual("ORDER_NOT_FOUND", info.GetProperty("reason").GetString());
        Assert.AreEqual(id, info.GetProperty("metadata").GetProperty("order_id").GetString());
    }

    [TestMethod]
    public async Task Bad_items_are_invalid_argument_listing_each_bad_field()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());

        var result = await CliUser.Alice(server).RunAsync("create", "--customer", "alice", "--item", ":0:-1", "--item", "p-2:20000:1", "--item", "p-3:1:1");

        result.AssertFailed();
        var lines = result.StandardError.TrimEnd().Split('\n');
        StringAssert.StartsWith(lines[0], "error: INVALID_ARGUMENT: ");
        Assert.AreEqual("  BadRequest:", lines[1]);
        var fields = lines.Skip(2).Select(line => line.Trim().Split(':')[0]).ToArray();
        CollectionAssert.AreEquivalent(new[] { "items[0].product_id", "items[0].quantity", "items[0].unit_price", "items[1].quantity" }, fields, result.StandardError);
    }

    [TestMethod]
    public async Task Creating_for_another_customer_is_permission_denied()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());

        var result = await CliUser.Alice(server).RunAsync("create", "--customer", "bob", "--item", "p-1:1:1");

        result.AssertFailed();
        StringAssert.StartsWith(result.StandardError, "error: PERMISSION_DENIED: ");
        Assert.AreEqual("", result.StandardOutput, "No order is printed for a failed create.");
        var everyone = await CliUser.Admin(server).RunAsync("list", "--json");
        everyone.AssertSucceeded();
        Assert.AreEqual("", everyone.StandardOutput, "Nothing was created.");
    }

    [TestMethod]
    public async Task No_token_is_unauthenticated_with_a_hint()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());

        var result = await CliUser.Anonymous(server).RunAsync("list");

        result.AssertFailed();
        StringAssert.StartsWith(result.StandardError, "error: UNAUTHENTICATED");
        StringAssert.Contains(result.StandardError, "hint: no token was sent: pass --token TOKEN or set $CODEFIRST_TOKEN.");
    }

    [TestMethod]
    public async Task Address_and_token_come_from_the_environment()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var environment = CliProcess.CleanEnvironment();
        environment[GlobalOptions.AddressVariable] = server.Address.ToString();
        environment[GlobalOptions.TokenVariable] = "dev-bob";

        var created = await CliProcess.RunAsync(["create", "--customer", "bob", "--item", "p-1:1:1", "--json"], environment);
        var explicitTokenWins = await CliProcess.RunAsync(["list", "--token", "dev-alice", "--json"], environment);

        created.AssertSucceeded();
        Assert.AreEqual("bob", created.JsonLines().Single().GetProperty("customerId").GetString());
        explicitTokenWins.AssertSucceeded();
        Assert.AreEqual("", explicitTokenWins.StandardOutput, "alice sees none of bob's orders.");
    }

    [TestMethod]
    public async Task Unreachable_address_is_unavailable_with_a_hint_naming_it()
    {
        var address = $"http://127.0.0.1:{UnusedPort()}";

        var human = await CliProcess.RunAsync(["get", "o-1", "--address", address, "--token", "dev-alice"]);
        var json = await CliProcess.RunAsync(["list", "--address", address, "--json"]);

        human.AssertFailed();
        StringAssert.StartsWith(human.StandardError, "error: UNAVAILABLE");
        StringAssert.Contains(human.StandardError, $"hint: could not reach the order server at {address};");
        json.AssertFailed();
        Assert.AreEqual("UNAVAILABLE", json.JsonError().GetProperty("status").GetString());
        StringAssert.Contains(json.JsonError().GetProperty("hint").GetString(), address);
    }

    [TestMethod]
    public async Task Usage_error_exits_2_naming_the_bad_item()
    {
        var result = await CliProcess.RunAsync(["create", "--customer", "alice", "--item", "p-1:2:29,99", "--address", $"http://127.0.0.1:{UnusedPort()}"]);

        Assert.AreEqual(ExitCodes.Usage, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "--item 'p-1:2:29,99'");
        Assert.AreEqual("", result.StandardOutput);
    }

    /// <summary>A loopback port nothing listens on (it was free a moment ago).</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
