using System.Threading.Channels;

namespace CodeFirst.Orders.Server.Tests.Process;

/// <summary>
/// Chat fan-out on the real process over real sockets: several clients, each with its own channel (its own
/// connection), on one order's room; every stream sees every message once, all in one order, with the sender the
/// server set; another order's room sees none of it.
/// </summary>
[TestClass]
public sealed class ChatFanOutTests
{
    private const int MessagesPerClient = 20;

    /// <summary>The room's clients: the order's owner on three connections and an admin on two.</summary>
    private static readonly (string Token, string Subject)[] Participants =
    [
        (ProcessClients.Alice, "alice"),
        (ProcessClients.Admin, "admin"),
        (ProcessClients.Alice, "alice"),
        (ProcessClients.Admin, "admin"),
        (ProcessClients.Alice, "alice"),
    ];

    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    [TestMethod]
    public async Task Every_stream_receives_every_message_once_in_one_order_and_other_rooms_none()
    {
        await using var server = await OrderServerProcess.StartAsync();
        using var aliceChannel = ProcessClients.Connect(server, ProcessClients.Alice);
        var order = await aliceChannel.CreateGrpcService<IOrderService>().CreateOrderAsync(ProcessClients.NewOrder("alice"));
        var otherOrder = await aliceChannel.CreateGrpcService<IOrderService>().CreateOrderAsync(ProcessClients.NewOrder("alice", "p-2"));
        using var deadline = new CancellationTokenSource(TestTimeout);

        // The other room: joined before and open throughout.
        using var bystanderChannel = ProcessClients.Connect(server, ProcessClients.Alice, o => o.DefaultTimeout = null);
        var bystanderRequests = Channel.CreateUnbounded<ChatMessage>();
        bystanderRequests.Writer.TryWrite(new ChatMessage { OrderId = otherOrder.Id });
        await using var bystander = bystanderChannel.CreateGrpcService<IOrderService>()
            .OrderChatAsync(bystanderRequests.Reader.ReadAllAsync(), deadline.Token).GetAsyncEnumerator();
        bystanderRequests.Writer.TryWrite(new ChatMessage { Text = "bystander joined" });
        Assert.IsTrue(await bystander.MoveNextAsync().AsTask().WaitAsync(ProcessClients.CallTimeout));
        Assert.AreEqual("bystander joined", bystander.Current.Text);

        var expectedTotal = Participants.Length * (MessagesPerClient + 1);
        var received = await Task.WhenAll(Participants.Select((participant, index) =>
            RunParticipantAsync(server, order.Id, index, participant.Token, expectedTotal, deadline.Token))).WaitAsync(TestTimeout);

        // Exactly once each, and in one order for all.
        var reference = received[0];
        var texts = reference.Select(m => m.Text).ToList();
        Assert.HasCount(expectedTotal, texts);
        Assert.AreEqual(expectedTotal, texts.Distinct().Count(), $"every message once: {string.Join(", ", texts)}");
        for (var index = 0; index < Participants.Length; index++)
        {
            for (var message = 0; message < MessagesPerClient; message++)
            {
                CollectionAssert.Contains(texts, Text(index, message));
            }
            // One client's messages arrive in the order it sent them.
            var own = texts.Where(t => t.StartsWith($"c{index}-m", StringComparison.Ordinal)).ToList();
            CollectionAssert.AreEqual(Enumerable.Range(0, MessagesPerClient).Select(m => Text(index, m)).ToList(), own);
        }
        for (var index = 1; index < received.Length; index++)
        {
            CollectionAssert.AreEqual(texts, received[index].Select(m => m.Text).ToList(), $"client {index} saw another order than client 0");
        }

        // The server set who sent each message and when, whatever the client claimed.
        var notBefore = order.CreatedAt!.Value.AddSeconds(-1);
        foreach (var message in received.SelectMany(r => r))
        {
            var sender = int.Parse(message.Text.AsSpan(1, message.Text.IndexOf('-', StringComparison.Ordinal) - 1), System.Globalization.CultureInfo.InvariantCulture);
            Assert.AreEqual(Participants[sender].Subject, message.Sender, message.Text);
            Assert.AreEqual(order.Id, message.OrderId, message.Text);
            Assert.IsNotNull(message.SentAt, message.Text);
            Assert.IsGreaterThanOrEqualTo(notBefore, message.SentAt.Value, message.Text);
        }

        // The other room: its own marker is the first message it gets after joining, so nothing of the busy room leaked in.
        bystanderRequests.Writer.TryWrite(new ChatMessage { Text = "bystander done" });
        Assert.IsTrue(await bystander.MoveNextAsync().AsTask().WaitAsync(ProcessClients.CallTimeout));
        Assert.AreEqual("bystander done", bystander.Current.Text);
        Assert.AreEqual(otherOrder.Id, bystander.Current.OrderId);
        bystanderRequests.Writer.Complete();
        Assert.IsFalse(await bystander.MoveNextAsync().AsTask().WaitAsync(ProcessClients.CallTimeout), "the stream ends OK once the client stops sending");
    }

    /// <summary>
    /// One client on its own connection: joins with a ready message, waits until every participant is in the room,
    /// posts its messages, reads until it has seen <paramref name="expectedTotal"/>, then ends its side; returns all it
    /// received.
    /// </summary>
    private static async Task<List<ChatMessage>> RunParticipantAsync(OrderServerProcess server, string orderId, int index, string token, int expectedTotal, CancellationToken cancellationToken)
    {
        using var channel = ProcessClients.Connect(server, token, o => o.DefaultTimeout = null);
        var requests = Channel.CreateUnbounded<ChatMessage>();
        // A forged sender and time: the server replaces both.
        requests.Writer.TryWrite(new ChatMessage { OrderId = orderId, Text = $"c{index}-ready", Sender = "mallory", SentAt = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        var received = new List<ChatMessage>();
        var ready = 0;
        await foreach (var message in channel.CreateGrpcService<IOrderService>().OrderChatAsync(requests.Reader.ReadAllAsync(), cancellationToken))
        {
            received.Add(message);
            // Posting starts only once all are in the room (ready messages come live or, for a late joiner, from the
            // history), so every post after that is fanned out live to every stream.
            if (message.Text.EndsWith("-ready", StringComparison.Ordinal) && ++ready == Participants.Length)
            {
                for (var i = 0; i < MessagesPerClient; i++)
                {
                    requests.Writer.TryWrite(new ChatMessage { Text = Text(index, i), Sender = "mallory" });
                }
            }
            if (received.Count == expectedTotal)
            {
                requests.Writer.Complete(); // the server then ends the stream after what it already delivered
            }
        }
        return received;
    }

    private static string Text(int client, int message) => $"c{client}-m{message:D2}";
}
