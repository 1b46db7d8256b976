using System.Globalization;
using System.Text.RegularExpressions;

namespace CodeFirst.Orders.Client.Tests.EndToEnd;

/// <summary><c>create</c>, <c>get</c>, <c>list</c> and <c>status</c> run as processes against the real order server.</summary>
[TestClass]
public sealed partial class OrderCommandTests
{
    [TestMethod]
    public async Task Create_prints_the_order_for_people()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());

        var result = await CliUser.Alice(server).RunAsync("create", "--customer", "alice", "--item", "p-1:2:29.99", "--item", "p-2:1:0.5");

        result.AssertSucceeded();
        Assert.IsTrue(Guid.TryParse(OrderIdLine().Match(result.StandardOutput).Groups["id"].Value, out _), result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, "Customer  alice");
        StringAssert.Contains(result.StandardOutput, "Status    pending");
        StringAssert.Contains(result.StandardOutput, "Total     60.48");
        Assert.MatchesRegex(@"│ p-1\s+│\s+2 │\s+29\.99 │\s+59\.98 │", result.StandardOutput);
        Assert.MatchesRegex(@"│ p-2\s+│\s+1 │\s+0\.50 │\s+0\.50 │", result.StandardOutput);
        Assert.DoesNotContain("\u001b[", result.StandardOutput, "No escape codes into a redirected stdout.");
        Assert.AreEqual("", result.StandardError);
    }

    [TestMethod]
    public async Task Create_with_json_prints_the_order_in_protobuf_json()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var before = DateTimeOffset.UtcNow;

        string[] create = ["create", "--customer", "alice", "--item", "p-1:2:29.99", "--item", "p-2:3:0.25", "--request-id", "r-1"];
        var order = await CliUser.Alice(server).RunJsonAsync(create);
        var retried = await CliUser.Alice(server).RunJsonAsync(create);

        Assert.IsTrue(Guid.TryParse(order.GetProperty("id").GetString(), out _));
        Assert.AreEqual("alice", order.GetProperty("customerId").GetString());
        var items = order.GetProperty("items");
        Assert.AreEqual(2, items.GetArrayLength());
        Assert.AreEqual("p-1", items[0].GetProperty("productId").GetString());
        Assert.AreEqual(2, items[0].GetProperty("quantity").GetInt32());
        Assert.AreEqual(29.99, items[0].GetProperty("unitPrice").GetDouble());
        Assert.AreEqual("p-2", items[1].GetProperty("productId").GetString());
        Assert.AreEqual(60.73, order.GetProperty("total").GetDouble());
        Assert.AreEqual("ORDER_STATUS_PENDING", order.GetProperty("status").GetString());
        var createdAt = order.GetProperty("createdAt").GetString()!;
        StringAssert.EndsWith(createdAt, "Z");
        var created = DateTimeOffset.Parse(createdAt, CultureInfo.InvariantCulture);
        Assert.IsTrue(created >= before.AddSeconds(-5) && created <= DateTimeOffset.UtcNow.AddSeconds(5), createdAt);
        Assert.AreEqual(createdAt, order.GetProperty("updatedAt").GetString());
        Assert.AreEqual(order.GetProperty("id").GetString(), retried.GetProperty("id").GetString(), "--request-id is sent: the retry returns the order first created.");
    }

    [TestMethod]
    public async Task Get_prints_the_order_created()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var alice = CliUser.Alice(server);
        var id = await alice.CreateOrderAsync("alice", "p-1:2:29.99");

        var human = await alice.RunAsync("get", id);
        var json = await alice.RunJsonAsync("get", id);

        human.AssertSucceeded();
        StringAssert.Contains(human.StandardOutput, $"Order     {id}");
        StringAssert.Contains(human.StandardOutput, "Total     59.98");
        Assert.AreEqual(id, json.GetProperty("id").GetString());
        Assert.AreEqual("p-1", json.GetProperty("items")[0].GetProperty("productId").GetString());
        Assert.AreEqual(59.98, json.GetProperty("total").GetDouble());
    }

    [TestMethod]
    public async Task List_streams_the_callers_orders_oldest_first_filtered_and_limited()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var alice = CliUser.Alice(server);
        var admin = CliUser.Admin(server);
        var first = await alice.CreateOrderAsync("alice", "p-1:1:1");
        var second = await alice.CreateOrderAsync("alice", "p-2:2:2");
        var third = await alice.CreateOrderAsync("alice", "p-3:3:3");
        var bobs = await CliUser.Bob(server).CreateOrderAsync("bob", "p-4:4:4");
        (await admin.RunAsync("status", second, "confirmed")).AssertSucceeded();

        var all = await alice.RunAsync("list", "--json");
        var confirmed = await alice.RunAsync("list", "--status", "confirmed", "--json");
        var pending = await alice.RunAsync("list", "--status", "pending", "--json");
        var limited = await alice.RunAsync("list", "--limit", "2", "--json");
        var bobsForAdmin = await admin.RunAsync("list", "--customer", "bob", "--json");
        var everyoneForAdmin = await admin.RunAsync("list", "--json");
        var human = await alice.RunAsync("list");

        CollectionAssert.AreEqual(new[] { first, second, third }, Ids(all));
        Assert.IsTrue(all.JsonLines().All(o => o.GetProperty("customerId").GetString() == "alice"));
        CollectionAssert.AreEqual(new[] { second }, Ids(confirmed));
        Assert.AreEqual("ORDER_STATUS_CONFIRMED", confirmed.JsonLines().Single().GetProperty("status").GetString());
        CollectionAssert.AreEqual(new[] { first, third }, Ids(pending));
        CollectionAssert.AreEqual(new[] { first, second }, Ids(limited));
        CollectionAssert.AreEqual(new[] { bobs }, Ids(bobsForAdmin));
        CollectionAssert.AreEqual(new[] { first, second, third, bobs }, Ids(everyoneForAdmin));
        human.AssertSucceeded();
        var lines = human.StandardOutput.TrimEnd().Split('\n');
        Assert.HasCount(4, lines, human.StandardOutput);
        StringAssert.StartsWith(lines[0], "ID ");
        StringAssert.StartsWith(lines[1], first);
        Assert.MatchesRegex($@"^{second}\s+alice\s+confirmed\s+1\s+4\.00\s", lines[2]);
    }

    [TestMethod]
    public async Task List_of_nothing_says_so_to_people_and_prints_nothing_as_json()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());

        var human = await CliUser.Bob(server).RunAsync("list");
        var json = await CliUser.Bob(server).RunAsync("list", "--json");

        human.AssertSucceeded();
        Assert.AreEqual("No orders.", human.StandardOutput.Trim());
        json.AssertSucceeded();
        Assert.AreEqual("", json.StandardOutput);
    }

    [TestMethod]
    public async Task Status_as_admin_moves_the_order_along()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var admin = CliUser.Admin(server);
        var id = await CliUser.Alice(server).CreateOrderAsync("alice", "p-1:1:1");

        var confirmed = await admin.RunAsync("status", id, "confirmed");
        var shipped = await admin.RunJsonAsync("status", id, "shipped");
        var cancelled = await admin.RunAsync("status", id, "cancelled", "--json");

        confirmed.AssertSucceeded();
        StringAssert.Contains(confirmed.StandardOutput, "Status    confirmed");
        Assert.AreEqual("ORDER_STATUS_SHIPPED", shipped.GetProperty("status").GetString());
        cancelled.AssertFailed();
        StringAssert.Contains(cancelled.StandardError, "FAILED_PRECONDITION");
        Assert.AreEqual("FAILED_PRECONDITION", cancelled.JsonError().GetProperty("status").GetString());
    }

    [TestMethod]
    public async Task Status_as_a_customer_is_permission_denied_and_changes_nothing()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var alice = CliUser.Alice(server);
        var id = await alice.CreateOrderAsync("alice", "p-1:1:1");

        var result = await alice.RunAsync("status", id, "confirmed");

        result.AssertFailed();
        StringAssert.StartsWith(result.StandardError, "error: PERMISSION_DENIED: ");
        Assert.AreEqual("", result.StandardOutput);
        Assert.AreEqual("ORDER_STATUS_PENDING", (await alice.RunJsonAsync("get", id)).GetProperty("status").GetString());
    }

    private static string[] Ids(ProcessResult result)
    {
        result.AssertSucceeded();
        return [.. result.JsonLines().Select(o => o.GetProperty("id").GetString()!)];
    }

    [GeneratedRegex(@"^Order\s+(?<id>\S+)$", RegexOptions.Multiline)]
    private static partial Regex OrderIdLine();
}
