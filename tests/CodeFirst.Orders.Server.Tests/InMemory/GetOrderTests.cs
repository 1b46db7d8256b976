using CodeFirst.Orders.Server.Tests.Infrastructure;

namespace CodeFirst.Orders.Server.Tests.InMemory;

/// <summary>GetOrder (SPEC.md section 3): one order, NOT_FOUND with ErrorInfo when absent or not the caller's.</summary>
[TestClass]
public sealed class GetOrderTests : InMemoryOrderTests<GetOrderTests>
{
    [TestMethod]
    public async Task The_owner_gets_the_order_as_created()
    {
        var created = await Alice.CreateAsync("alice", TestOrders.Item("p-1", 3, 1.5), TestOrders.Item("p-2", 1, 0.25));
        TestOrders.AreSame(created, await Alice.GetAsync(created.Id));
    }

    [TestMethod]
    public async Task An_unknown_id_is_NOT_FOUND_with_ErrorInfo()
    {
        var id = Guid.NewGuid().ToString();
        var failure = await RpcAssert.FailsAsync(StatusCode.NotFound, () => Alice.GetOrderAsync(new GetOrderRequest { Id = id }).AsTask());
        RpcAssert.IsOrderNotFound(failure, id);
    }

    [TestMethod]
    public async Task Another_customers_order_is_NOT_FOUND_exactly_like_an_absent_one()
    {
        var alices = await Alice.CreateAsync("alice");
        var hidden = await RpcAssert.FailsAsync(StatusCode.NotFound, () => Bob.GetOrderAsync(new GetOrderRequest { Id = alices.Id }).AsTask());
        RpcAssert.IsOrderNotFound(hidden, alices.Id);

        // Nothing tells Bob the order exists: the message is the one for an absent id, but for the id itself.
        var absentId = Guid.NewGuid().ToString();
        var absent = await RpcAssert.FailsAsync(StatusCode.NotFound, () => Bob.GetOrderAsync(new GetOrderRequest { Id = absentId }).AsTask());
        Assert.AreEqual(absent.Status.Detail.Replace(absentId, "<id>", StringComparison.Ordinal), hidden.Status.Detail.Replace(alices.Id, "<id>", StringComparison.Ordinal));
        Assert.DoesNotContain("alice", hidden.Status.Detail);
    }

    [TestMethod]
    public async Task An_admin_sees_every_customers_orders()
    {
        var alices = await Alice.CreateAsync("alice");
        var bobs = await Bob.CreateAsync("bob");
        TestOrders.AreSame(alices, await Admin.GetAsync(alices.Id));
        TestOrders.AreSame(bobs, await Admin.GetAsync(bobs.Id));
    }

    [TestMethod]
    public async Task An_empty_id_is_INVALID_ARGUMENT_naming_id()
    {
        var failure = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Alice.GetOrderAsync(new GetOrderRequest()).AsTask());
        RpcAssert.NamesExactly(failure, "id");
    }
}
