using System.Text.Json;
using System.Text.RegularExpressions;

namespace CodeFirst.Orders.Client.Tests.EndToEnd;

/// <summary><c>chat</c>: two CLI processes in one order's room see each other's lines, and end when their input does.</summary>
[TestClass]
public sealed partial class ChatCommandTests
{
    [TestMethod]
    public async Task Two_chats_on_one_order_see_every_line_and_end_with_their_input()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var id = await CliUser.Alice(server).CreateOrderAsync("alice", "p-1:1:1");
        await using var alice = CliUser.Alice(server).StartChat(id);
        await using var admin = CliUser.Admin(server).StartChat(id, "--json");

        await alice.SendAsync("is it shipped yet?");
        var aliceSeesHerself = await alice.WaitForLineAsync(line => line.EndsWith("alice: is it shipped yet?", StringComparison.Ordinal), "alice's line");
        var adminSeesAlice = await admin.WaitForLineAsync(line => line.Contains("is it shipped yet?", StringComparison.Ordinal), "alice's line");
        await admin.SendAsync("tomorrow");
        await alice.WaitForLineAsync(line => line.EndsWith("admin: tomorrow", StringComparison.Ordinal), "admin's line");
        await admin.WaitForLineAsync(line => line.Contains("tomorrow", StringComparison.Ordinal), "admin's line");

        Assert.MatchesRegex(ChatLine(), aliceSeesHerself);
        using var message = JsonDocument.Parse(adminSeesAlice);
        Assert.AreEqual(id, message.RootElement.GetProperty("orderId").GetString());
        Assert.AreEqual("alice", message.RootElement.GetProperty("sender").GetString());
        Assert.AreEqual("is it shipped yet?", message.RootElement.GetProperty("text").GetString());
        StringAssert.EndsWith(message.RootElement.GetProperty("sentAt").GetString(), "Z");
        Assert.AreEqual(0, await alice.CloseInputAndWaitAsync(), alice.Transcript);
        Assert.AreEqual(0, await admin.CloseInputAndWaitAsync(), admin.Transcript);
        Assert.HasCount(2, alice.Lines, alice.Transcript);
        Assert.HasCount(2, admin.Lines, admin.Transcript);
        Assert.AreEqual("", alice.Error + admin.Error);
    }

    [TestMethod]
    public async Task A_later_chat_first_prints_the_rooms_history()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var id = await CliUser.Alice(server).CreateOrderAsync("alice", "p-1:1:1");
        await using (var first = CliUser.Alice(server).StartChat(id))
        {
            await first.SendAsync("hello?");
            await first.WaitForLineAsync(line => line.EndsWith("alice: hello?", StringComparison.Ordinal), "the line");
            Assert.AreEqual(0, await first.CloseInputAndWaitAsync(), first.Transcript);
        }

        await using var later = CliUser.Admin(server).StartChat(id);

        await later.WaitForLineAsync(line => line.EndsWith("alice: hello?", StringComparison.Ordinal), "the history");
        Assert.AreEqual(0, await later.CloseInputAndWaitAsync(), later.Transcript);
    }

    [TestMethod]
    public async Task Chat_on_an_order_the_caller_may_not_see_fails_not_found()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var id = await CliUser.Alice(server).CreateOrderAsync("alice", "p-1:1:1");
        await using var bob = CliUser.Bob(server).StartChat(id);

        Assert.AreEqual(ExitCodes.Failure, await bob.WaitForExitAsync(), bob.Transcript);
        StringAssert.StartsWith(bob.Error, "error: NOT_FOUND: ");
        StringAssert.Contains(bob.Error, "ORDER_NOT_FOUND");
    }

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\] alice: is it shipped yet\?$")]
    private static partial Regex ChatLine();
}
