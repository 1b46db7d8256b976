using CodeFirst.Grpc.Health;
using CodeFirst.Orders.Server.Tests.Infrastructure;
using static CodeFirst.Orders.Server.Tests.Infrastructure.TestOrders;

namespace CodeFirst.Orders.Server.Tests.InMemory;

/// <summary>
/// Auth (SPEC.md section 3): every method of every shape needs <c>authorization: Bearer &lt;known token&gt;</c> and
/// does nothing without it; health checks need none.
/// </summary>
[TestClass]
public sealed class AuthTests : InMemoryOrderTests<AuthTests>
{
    private static Order s_order = null!;

    [ClassInitialize]
    public static async Task CreateOrder(TestContext _) => s_order = await Alice.CreateAsync("alice", Item("p-1", 1, 10));

    public static IEnumerable<object[]> MethodsAndCredentials =>
        from method in new[] { "CreateOrder", "GetOrder", "ListOrders", "UploadLineItems", "OrderChat", "UpdateOrderStatus" }
        from credentials in new[] { "none", "Basic x", "dev-alice", "Bearer not-a-token", "Bearer dev-alice-2", "Bearer" }
        select new object[] { method, credentials };

    [TestMethod]
    [DynamicData(nameof(MethodsAndCredentials))]
    public async Task Without_a_known_bearer_token_every_method_is_UNAUTHENTICATED_and_does_nothing(string method, string credentials)
    {
        var client = credentials == "none" ? Factory.Client(token: null) : Factory.ClientWithAuthorization(credentials);
        var ordersBefore = (await Admin.ListAsync()).Count;

        var failure = await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => Call(client, method), $"{method} with '{credentials}'");

        Assert.IsFalse(string.IsNullOrWhiteSpace(failure.Status.Detail), "UNAUTHENTICATED should say what is missing.");
        Assert.HasCount(ordersBefore, await Admin.ListAsync(), "An unauthenticated call stored an order.");
        AreSame(s_order, await Alice.GetAsync(s_order.Id));
        await using var history = new ChatStream(Alice);
        history.Send(s_order.Id, "");
        history.CompleteSending();
        Assert.IsEmpty(await history.ReceiveToEndAsync(), "An unauthenticated chat message was stored.");
    }

    [TestMethod]
    public async Task A_known_token_is_accepted_whatever_the_case_of_the_scheme()
    {
        var order = await Factory.ClientWithAuthorization("bearer dev-alice").GetAsync(s_order.Id);
        Assert.AreEqual(s_order.Id, order.Id);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("order.v1.OrderService")]
    public async Task Health_needs_no_token_and_reports_the_order_service_SERVING(string service)
    {
        var health = Factory.Health();
        var response = await health.CheckAsync(new HealthCheckRequest { Service = service }).AsTask().WaitAsync(AsyncStreams.Timeout);
        Assert.AreEqual(ServingStatus.Serving, response.Status);
    }

    [TestMethod]
    public async Task Health_of_an_unknown_service_is_NOT_FOUND()
    {
        var health = Factory.Health();
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => health.CheckAsync(new HealthCheckRequest { Service = "order.v1.NoSuchService" }).AsTask());
    }

    private static async Task Call(IOrderService client, string method)
    {
        switch (method)
        {
            case "CreateOrder":
                await client.CreateOrderAsync(Request("alice"));
                break;
            case "GetOrder":
                await client.GetOrderAsync(new GetOrderRequest { Id = s_order.Id });
                break;
            case "ListOrders":
                await client.ListOrdersAsync(new ListOrdersRequest()).CollectAsync();
                break;
            case "UploadLineItems":
                await client.UploadLineItemsAsync(AsyncStreams.Of([Item("p-intruder", 1, 1)]), ForOrder(s_order.Id));
                break;
            case "OrderChat":
                await using (var chat = new ChatStream(client))
                {
                    chat.Send(s_order.Id, "intruder");
                    chat.CompleteSending();
                    await chat.ReceiveToEndAsync();
                }
                break;
            case "UpdateOrderStatus":
                await client.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { Id = s_order.Id, Status = OrderStatus.Cancelled });
                break;
            default:
                Assert.Fail($"No call for {method}.");
                break;
        }
    }
}
