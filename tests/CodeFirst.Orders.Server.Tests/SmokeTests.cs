using CodeFirst.Orders.Server.Tests.Infrastructure;

namespace CodeFirst.Orders.Server.Tests;

[TestClass]
public sealed class SmokeTests
{
    [TestMethod]
    public async Task Create_get_list_upload_chat_status_in_memory()
    {
        using var factory = new OrderServiceFactory();
        var alice = factory.Client(OrderServiceFactory.Alice);
        var order = await alice.CreateOrderAsync(new CreateOrderRequest { CustomerId = "alice", Items = [new LineItem { ProductId = "p-1", Quantity = 2, UnitPrice = 29.99 }] });
        Assert.AreEqual(59.98, order.Total);
        var got = await alice.GetOrderAsync(new GetOrderRequest { Id = order.Id });
        Assert.AreEqual(order.Id, got.Id);
        var list = new List<Order>();
        await foreach (var o in alice.ListOrdersAsync(new ListOrdersRequest()))
        {
            list.Add(o);
        }
        Assert.AreEqual(1, list.Count);
        var headers = new Metadata { { OrderHeaders.OrderId, order.Id } };
        var summary = await alice.UploadLineItemsAsync(Items(3), new CallOptions { Headers = headers });
        Assert.AreEqual(3, summary.ItemsReceived);
        var chat = alice.OrderChatAsync(Chat(order.Id, "", "hello"));
        var received = new List<ChatMessage>();
        await foreach (var m in chat)
        {
            received.Add(m);
        }
        Assert.AreEqual("hello", received.Single().Text);
        Assert.AreEqual("alice", received.Single().Sender);
        var admin = factory.Client(OrderServiceFactory.Admin);
        var confirmed = await admin.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = order.Id, Status = OrderStatus.Confirmed });
        Assert.AreEqual(OrderStatus.Confirmed, confirmed.Status);
        var missing = await Assert.ThrowsExactlyAsync<RpcException>(async () => await alice.GetOrderAsync(new GetOrderRequest { Id = "nope" }));
        Assert.AreEqual(StatusCode.NotFound, missing.StatusCode);
        var anonymous = factory.Client(null);
        var denied = await Assert.ThrowsExactlyAsync<RpcException>(async () => await anonymous.GetOrderAsync(new GetOrderRequest { Id = "nope" }));
        Assert.AreEqual(StatusCode.Unauthenticated, denied.StatusCode);
    }

    private static async IAsyncEnumerable<LineItem> Items(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return new LineItem { ProductId = $"p-{i}", Quantity = 1, UnitPrice = 1 };
        }
    }

    private static async IAsyncEnumerable<ChatMessage> Chat(string orderId, params string[] texts)
    {
        foreach (var text in texts)
        {
            await Task.Yield();
            yield return new ChatMessage { OrderId = orderId, Text = text };
        }
    }
}
