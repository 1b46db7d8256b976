using CodeFirst.Orders.Server.Chat;
using CodeFirst.Orders.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Orders.Server.Tests.InMemory;

/// <summary>
/// OrderChat (SPEC.md section 3): the first message fixes the order, empty text only joins, a join replays the last
/// 50 messages then live ones, every message reaches every stream on the order once with server-set sender and
/// time, and a reader too far behind is ended without stalling the others.
/// </summary>
[TestClass]
public sealed class OrderChatTests
{
    private OrderServiceFactory _factory = null!;
    private IOrderService _alice = null!, _bob = null!, _admin = null!;

    [TestInitialize]
    public void Start()
    {
        _factory = new OrderServiceFactory();
        (_alice, _bob, _admin) = (_factory.Client(OrderServiceFactory.Alice), _factory.Client(OrderServiceFactory.Bob), _factory.Client(OrderServiceFactory.Admin));
    }

    [TestCleanup]
    public void Stop() => _factory.Dispose();

    [TestMethod]
    public async Task A_room_is_closed_when_its_last_stream_ends()
    {
        var rooms = _factory.Services.GetRequiredService<ChatRooms>();
        var order = await _alice.CreateAsync("alice");
        await using (var first = new ChatStream(_alice))
        await using (var second = new ChatStream(_admin))
        {
            first.Send(order.Id, "hello");
            Assert.AreEqual("hello", (await first.ReceiveAsync()).Text);
            second.Send(order.Id, "");
            Assert.AreEqual("hello", (await second.ReceiveAsync()).Text, "the history");
            Assert.AreEqual(1, rooms.OpenRooms, "both streams share the order's one room");
            first.CompleteSending();
            await first.ReceiveToEndAsync();
            Assert.AreEqual(1, rooms.OpenRooms, "the second stream still holds the room");
            second.CompleteSending();
            await second.ReceiveToEndAsync();
        }
        // The handler leaves the room as it returns, just after the client has seen the end of the stream.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (rooms.OpenRooms != 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    [TestMethod]
    public async Task Empty_text_joins_without_posting()
    {
        var order = await _alice.CreateAsync("alice");
        await using (var onlyJoins = new ChatStream(_alice))
        {
            onlyJoins.Send(order.Id, "");
            onlyJoins.CompleteSending();
            Assert.IsEmpty(await onlyJoins.ReceiveToEndAsync(), "Joining with empty text posted something.");
        }
        await using (var mixed = new ChatStream(_alice))
        {
            mixed.Send(order.Id, "");
            mixed.Send(order.Id, "one");
            mixed.Send(order.Id, "");
            mixed.Send(order.Id, "two");
            mixed.CompleteSending();
            CollectionAssert.AreEqual(new[] { "one", "two" }, Texts(await mixed.ReceiveToEndAsync()));
        }
        CollectionAssert.AreEqual(new[] { "one", "two" }, Texts(await HistoryAsync(_alice, order.Id)), "Empty texts were stored.");
    }

    [TestMethod]
    public async Task A_join_replays_the_last_50_messages_in_order_then_live_ones()
    {
        var order = await _alice.CreateAsync("alice");
        var posted = Enumerable.Range(1, 60).Select(i => $"m-{i:D2}").ToList();
        List<ChatMessage> echoed;
        await using (var poster = new ChatStream(_alice))
        {
            poster.Send(order.Id, "");
            posted.ForEach(text => poster.Send(order.Id, text));
            poster.CompleteSending();
            echoed = await poster.ReceiveToEndAsync();
        }
        CollectionAssert.AreEqual(posted, Texts(echoed));

        await using var joiner = new ChatStream(_admin);
        joiner.Send(order.Id, "");
        var history = await joiner.ReceiveAsync(50);
        CollectionAssert.AreEqual(posted[10..], Texts(history), "The replay is not the last 50 messages, oldest first.");
        for (var i = 0; i < 50; i++)
        {
            // The replay is the stored messages as they were delivered live.
            Assert.AreEqual(echoed[10 + i].SentAt, history[i].SentAt);
            Assert.AreEqual("alice", history[i].Sender);
            Assert.AreEqual(order.Id, history[i].OrderId);
        }

        await using var other = new ChatStream(_alice);
        other.Send(order.Id, "live from alice");
        Assert.AreEqual("live from alice", (await joiner.ReceiveAsync()).Text);
        joiner.Send(order.Id, "live from admin");
        Assert.AreEqual("live from admin", (await joiner.ReceiveAsync()).Text);
        joiner.CompleteSending();
        Assert.IsEmpty(await joiner.ReceiveToEndAsync(), "The joiner got more than the replay and the two live messages.");
    }

    [TestMethod]
    public async Task A_posted_message_reaches_every_stream_on_the_order_once_with_server_set_sender_and_time()
    {
        var order = await _alice.CreateAsync("alice");
        var otherOrder = await _alice.CreateAsync("alice");

        await using var aliceStream = new ChatStream(_alice);
        aliceStream.Send(order.Id, "alice joined");
        Assert.AreEqual("alice joined", (await aliceStream.ReceiveAsync()).Text);
        await using var adminStream = new ChatStream(_admin);
        adminStream.Send(order.Id, "");
        Assert.AreEqual("alice joined", (await adminStream.ReceiveAsync()).Text, "The admin's join did not replay the history.");
        await using var elsewhere = new ChatStream(_alice);
        elsewhere.Send(otherOrder.Id, "elsewhere joined");
        Assert.AreEqual("elsewhere joined", (await elsewhere.ReceiveAsync()).Text);

        var before = DateTime.UtcNow;
        aliceStream.Send(new ChatMessage { OrderId = order.Id, Text = "hello", Sender = "mallory", SentAt = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        var atSender = await aliceStream.ReceiveAsync();
        var atAdmin = await adminStream.ReceiveAsync();
        var after = DateTime.UtcNow;

        foreach (var received in new[] { atSender, atAdmin })
        {
            Assert.AreEqual("hello", received.Text);
            Assert.AreEqual(order.Id, received.OrderId);
            Assert.AreEqual("alice", received.Sender, "The sender must be the authenticated caller, not what the client sent.");
            Assert.IsNotNull(received.SentAt);
            Assert.IsTrue(received.SentAt >= before.AddMilliseconds(-1) && received.SentAt <= after.AddMilliseconds(1),
                $"sent_at {received.SentAt:O} is not the server's time of posting ({before:O}..{after:O}).");
        }
        Assert.AreEqual(atSender.SentAt, atAdmin.SentAt);

        adminStream.Send(order.Id, "hi alice");
        var reply = await aliceStream.ReceiveAsync();
        Assert.AreEqual("hi alice", reply.Text);
        Assert.AreEqual("admin", reply.Sender);
        Assert.AreEqual("hi alice", (await adminStream.ReceiveAsync()).Text);

        // Ending the streams shows what else each one got: nothing (no duplicates, nothing from the other order).
        foreach (var stream in new[] { aliceStream, adminStream, elsewhere })
        {
            stream.CompleteSending();
            Assert.IsEmpty(await stream.ReceiveToEndAsync(), "A stream received a message twice or from another order.");
        }
        CollectionAssert.AreEqual(new[] { "alice joined", "hello", "hi alice" }, Texts(await HistoryAsync(_alice, order.Id)), "Each message is stored once.");
        CollectionAssert.AreEqual(new[] { "elsewhere joined" }, Texts(await HistoryAsync(_alice, otherOrder.Id)));
    }

    [TestMethod]
    public async Task The_first_message_fixes_the_order_of_the_stream()
    {
        var order = await _alice.CreateAsync("alice");
        var otherOrder = await _alice.CreateAsync("alice");
        await using (var stream = new ChatStream(_alice))
        {
            stream.Send(order.Id, "first");
            stream.Send(otherOrder.Id, "second, naming another order");
            stream.CompleteSending();
            var received = await stream.ReceiveToEndAsync();
            CollectionAssert.AreEqual(new[] { "first", "second, naming another order" }, Texts(received));
            Assert.IsTrue(received.All(m => m.OrderId == order.Id));
        }
        Assert.HasCount(2, await HistoryAsync(_alice, order.Id));
        Assert.IsEmpty(await HistoryAsync(_alice, otherOrder.Id), "A message went to an order other than the stream's.");
    }

    [TestMethod]
    public async Task A_stream_on_an_order_the_caller_may_not_see_is_NOT_FOUND()
    {
        var alices = await _alice.CreateAsync("alice");
        await using (var bobs = new ChatStream(_bob))
        {
            bobs.Send(alices.Id, "let me in");
            CompleteForTestServer(bobs);
            var failure = await RpcAssert.FailsAsync(StatusCode.NotFound, () => bobs.ReceiveToEndAsync());
            RpcAssert.IsOrderNotFound(failure, alices.Id);
        }
        var unknown = Guid.NewGuid().ToString();
        await using (var lost = new ChatStream(_alice))
        {
            lost.Send(unknown, "");
            CompleteForTestServer(lost);
            RpcAssert.IsOrderNotFound(await RpcAssert.FailsAsync(StatusCode.NotFound, () => lost.ReceiveToEndAsync()), unknown);
        }
        Assert.IsEmpty(await HistoryAsync(_alice, alices.Id), "Bob's message was stored.");
    }

    [TestMethod]
    public async Task A_stream_naming_no_order_is_INVALID_ARGUMENT_naming_order_id()
    {
        await using var stream = new ChatStream(_alice);
        stream.Send("", "hello");
        CompleteForTestServer(stream);
        RpcAssert.NamesExactly(await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => stream.ReceiveToEndAsync()), "order_id");
    }

    [TestMethod]
    public async Task Text_over_4096_characters_is_INVALID_ARGUMENT_naming_text_and_not_stored()
    {
        var order = await _alice.CreateAsync("alice");
        var longest = new string('x', 4096);
        await using (var stream = new ChatStream(_alice))
        {
            stream.Send(order.Id, longest);
            Assert.AreEqual(longest, (await stream.ReceiveAsync()).Text, "4096 characters are allowed.");
            stream.Send(order.Id, longest + "y");
            var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => stream.ReceiveToEndAsync());
            RpcAssert.NamesExactly(failure, "text");
        }
        var history = await HistoryAsync(_alice, order.Id);
        Assert.HasCount(1, history, "The over-long message was stored.");
        Assert.AreEqual(longest, history[0].Text);
    }

    [TestMethod]
    public async Task A_reader_too_far_behind_is_ended_with_RESOURCE_EXHAUSTED_while_the_others_get_everything()
    {
        using var factory = new OrderServiceFactory(new Dictionary<string, string?> { ["Chat:ReaderBufferSize"] = "4" });
        var (alice, admin) = (factory.Client(OrderServiceFactory.Alice), factory.Client(OrderServiceFactory.Admin));
        var order = await alice.CreateAsync("alice");

        await using var slow = new ChatStream(admin);
        slow.Send(order.Id, "slow joined");
        Assert.AreEqual("slow joined", (await slow.ReceiveAsync()).Text);
        // From here on the slow reader reads nothing until the end.
        await using var reader = new ChatStream(alice);
        reader.Send(order.Id, "");
        Assert.AreEqual("slow joined", (await reader.ReceiveAsync()).Text);
        await using var poster = new ChatStream(alice);
        poster.Send(order.Id, "");
        Assert.AreEqual("slow joined", (await poster.ReceiveAsync()).Text);

        // Large messages, so the in-memory transport's own buffering (tens of KB) is soon full and the slow
        // reader's server-side buffer overflows. In step: each message is read by the others before the next.
        const int count = 300;
        var texts = Enumerable.Range(0, count).Select(i => $"{i:D3}:" + new string('m', 2000)).ToList();
        foreach (var text in texts)
        {
            poster.Send(order.Id, text);
            Assert.AreEqual(text[..4], (await poster.ReceiveAsync()).Text[..4], "The poster's own stream stalled or skipped.");
            Assert.AreEqual(text[..4], (await reader.ReceiveAsync()).Text[..4], "A reading stream stalled or skipped behind a slow one.");
        }

        var slowGot = new List<ChatMessage>();
        var ended = await slow.DrainAsync(slowGot, AsyncStreams.Timeout);
        Assert.IsNotNull(ended, $"The slow reader was never ended; it received all {slowGot.Count} messages.");
        Assert.AreEqual(StatusCode.ResourceExhausted, ended.StatusCode, ended.Status.ToString());
        Assert.IsLessThan(count, slowGot.Count);
        CollectionAssert.AreEqual(texts[..slowGot.Count], Texts(slowGot), "What the slow reader got is not a prefix of the room's messages.");

        // The room goes on for everyone else.
        poster.Send(order.Id, "after");
        Assert.AreEqual("after", (await reader.ReceiveAsync()).Text);
        Assert.AreEqual("after", (await poster.ReceiveAsync()).Text);
    }

    [TestMethod]
    public async Task A_burst_longer_than_the_reader_buffer_still_reaches_its_own_reading_sender()
    {
        // A client that sends many messages at once, and reads as fast as it can, is not a slow reader: the server
        // posts a stream's messages no faster than that stream takes its own deliveries.
        var order = await _alice.CreateAsync("alice");
        var texts = Enumerable.Range(0, 300).Select(i => $"burst-{i:D3}").ToList();
        await using var stream = new ChatStream(_alice);
        stream.Send(order.Id, "");
        texts.ForEach(text => stream.Send(order.Id, text));
        stream.CompleteSending();

        var received = new List<ChatMessage>();
        var ended = await stream.DrainAsync(received, TimeSpan.FromSeconds(30));

        Assert.IsNull(ended, $"a burst of 300 messages (ReaderBufferSize 256) ended its own sender's stream with {ended?.Status} after {received.Count} messages");
        CollectionAssert.AreEqual(texts, Texts(received));
    }

    /// <summary>
    /// Ends the request side of a stream the server rejects before its first response message. Over sockets the
    /// client sees the status at once with the request side open; in memory it waits for the request stream to end
    /// (TestServer does not cancel the request body when the response completes, and the client waits for its
    /// request writer before reporting a status from the response headers).
    /// </summary>
    private static void CompleteForTestServer(ChatStream stream) => stream.CompleteSending();

    private static async Task<List<ChatMessage>> HistoryAsync(IOrderService client, string orderId)
    {
        await using var stream = new ChatStream(client);
        stream.Send(orderId, "");
        stream.CompleteSending();
        return await stream.ReceiveToEndAsync();
    }

    private static List<string> Texts(IEnumerable<ChatMessage> messages) => [.. messages.Select(m => m.Text)];
}
