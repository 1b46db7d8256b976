using CodeFirst.Orders.Server.Tests.Infrastructure;

namespace CodeFirst.Orders.Server.Tests.InMemory;

/// <summary>GetOrder (SPEC.md section 3): one order, NOT_FOUND with ErrorInfo when absent or not the caller's.</summary>
[TestClass]
public sealed class GetOrderTests
{
    private static OrderServiceFactory s_factory = null!;
    private static IOrderService s_alice = null!, s_bob = null!, s_admin = null!;

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        s_factory = new OrderServiceFactory();
        (s_alice, s_bob, s_admin) = (s_factory.Client(OrderServiceFactory.Alice), s_factory.Client(OrderServiceFactory.Bob), s_factory.Client(OrderServiceFactory.Admin));
    }

    [ClassCleanup]
    public static void Stop() => s_factory.Dispose();

    [TestMethod]
    public async Task The_owner_gets_the_order_as_created()
    {
        var created = await s_alice.CreateAsync("alice", TestOrders.Item("p-1", 3, 1.5), TestOrders.Item("p-2", 1, 0.25));
        TestOrders.AreSame(created, await s_alice.GetAsync(created.Id));
    }

    [TestMethod]
    public async Task An_unknown_id_is_NOT_FOUND_with_ErrorInfo()
    {
        var id = Guid.NewGuid().ToString();
        var failure = await RpcAssert.FailsAsync(StatusCode.NotFound, () => s_alice.GetOrderAsync(new GetOrderRequest { Id = id }).AsTask());
        RpcAssert.IsOrderNotFound(failure, id);
    }

    [TestMethod]
    public async Task Another_customers_order_is_NOT_FOUND_exactly_like_an_absent_one()
    {
        var alices = await s_alice.CreateAsync("alice");
        var hidden = await RpcAssert.FailsAsync(StatusCode.NotFound, () => s_bob.GetOrderAsync(new GetOrderRequest { Id = alices.Id }).AsTask());
        RpcAssert.IsOrderNotFound(hidden, alices.Id);

        // Nothing tells Bob the order exists: the message is the one for an absent id, but for the id itself.
        var absentId = Guid.NewGuid().ToString();
        var absent = await RpcAssert.FailsAsync(StatusCode.NotFound, () => s_bob.GetOrderAsync(new GetOrderRequest { Id = absentId }).AsTask());
        Assert.AreEqual(absent.Status.Detail.Replace(absentId, "<id>", StringComparison.Ordinal), hidden.Status.Detail.Replace(alices.Id, "<id>", StringComparison.Ordinal));
        Assert.DoesNotContain("alice", hidden.Status.Detail);
    }

    [TestMethod]
    public async Task An_admin_sees_every_customers_orders()
    {
        var alices = await s_alice.CreateAsync("alice");
        var bobs = await s_bob.CreateAsync("bob");
        TestOrders.AreSame(alices, await s_admin.GetAsync(alices.Id));
        TestOrders.AreSame(bobs, await s_admin.GetAsync(bobs.Id));
    }

    [TestMethod]
    public async Task An_empty_id_is_INVALID_ARGUMENT_naming_id()
    {
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => s_alice.GetOrderAsync(new GetOrderRequest()).AsTask());
        RpcAssert.NamesExactly(failure, "id");
    }
}
