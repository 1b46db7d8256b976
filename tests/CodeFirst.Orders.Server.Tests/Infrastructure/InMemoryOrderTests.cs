namespace CodeFirst.Orders.Server.Tests.Infrastructure;

/// <summary>
/// A test class with an in-memory order server of its own (started before its first test, disposed after its last)
/// and a client per development token. Static members of a generic class are per closed type, so each derived
/// class (<c>CreateOrderTests : InMemoryOrderTests&lt;CreateOrderTests&gt;</c>) has its own server and database.
/// </summary>
/// <typeparam name="TSelf">The derived test class.</typeparam>
public abstract class InMemoryOrderTests<TSelf>
    where TSelf : InMemoryOrderTests<TSelf>
{
    /// <summary>The class's server.</summary>
    protected static OrderServiceFactory Factory { get; private set; } = null!;

    /// <summary>A client calling as <c>alice</c> (a customer).</summary>
    protected static IOrderService Alice { get; private set; } = null!;

    /// <summary>A client calling as <c>bob</c> (a customer).</summary>
    protected static IOrderService Bob { get; private set; } = null!;

    /// <summary>A client calling as <c>admin</c>.</summary>
    protected static IOrderService Admin { get; private set; } = null!;

    [ClassInitialize(InheritanceBehavior.BeforeEachDerivedClass)]
    public static void StartServer(TestContext _)
    {
        Factory = new OrderServiceFactory();
        Alice = Factory.Client(OrderServiceFactory.Alice);
        Bob = Factory.Client(OrderServiceFactory.Bob);
        Admin = Factory.Client(OrderServiceFactory.Admin);
    }

    [ClassCleanup(InheritanceBehavior.BeforeEachDerivedClass)]
    public static void StopServer() => Factory.Dispose();
}
