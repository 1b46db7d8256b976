namespace CodeFirst.Orders.Server.Tests.Process;

/// <summary>What the real-process tests share: the Development tokens and channels to a running server.</summary>
internal static class ProcessClients
{
    /// <summary>Development tokens (appsettings.Development.json): subjects alice and bob (customers), admin (role admin).</summary>
    public const string Alice = "dev-alice", Bob = "dev-bob", Admin = "dev-admin";

    /// <summary>How long one call, or one wait for a stream, may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A channel of its own (its own connection) to <paramref name="server"/>, calling with <paramref name="token"/> when given.</summary>
    public static GrpcChannel Connect(OrderServerProcess server, string? token, Action<GrpcChannelOptions>? configure = null)
    {
        var options = new GrpcChannelOptions
        {
            Credentials = token is null ? null : CallCredentials.FromBearerToken(token),
            DefaultTimeout = CallTimeout,
        };
        configure?.Invoke(options);
        return GrpcChannel.ForAddress(server.Address, options);
    }

    /// <summary>A one-item order for <paramref name="customer"/>.</summary>
    public static CreateOrderRequest NewOrder(string customer, string product = "p-1", int quantity = 2, double unitPrice = 29.99) => new()
    {
        CustomerId = customer,
        Items = [new LineItem { ProductId = product, Quantity = quantity, UnitPrice = unitPrice }],
    };

    /// <summary>Runs <paramref name="call"/>, which must fail with <paramref name="expected"/>; returns the exception.</summary>
    public static async Task<RpcException> ExpectStatusAsync(StatusCode expected, Func<Task> call, string because)
    {
        try
        {
            await call().WaitAsync(CallTimeout);
        }
        catch (RpcException e)
        {
            Assert.AreEqual(expected, e.StatusCode, $"{because}: {e.Status.Detail}");
            return e;
        }
        Assert.Fail($"{because}: expected {expected}, but the call succeeded.");
        return null!;
    }
}
