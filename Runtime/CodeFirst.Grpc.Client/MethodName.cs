namespace CodeFirst.Grpc.Client;

/// <summary>A method, every method of a service, or every method of the channel.</summary>
/// <param name="Service">The fully qualified service name (<c>order.v1.OrderService</c>), or <see langword="null"/> for every service.</param>
/// <param name="Method">The method's wire name (<c>GetOrder</c>), or <see langword="null"/> for every method of <paramref name="Service"/>.</param>
public sealed record MethodName(string? Service = null, string? Method = null)
{
    /// <summary>Every method of the channel.</summary>
    public static MethodName Default { get; } = new();
}
