namespace CodeFirst.Orders.Server.Hosting;

/// <summary>gRPC-Web, for browsers (configuration section <c>GrpcWeb</c>; see docs/grpc-web.md).</summary>
internal sealed class GrpcWebSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GrpcWeb";

    /// <summary>Whether the order service answers gRPC-Web calls; on in appsettings.Development.json.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Origins, besides the server's own, whose pages may call it (CORS), e.g. <c>https://shop.example.com</c>;
    /// <c>*</c> for any. Empty: only pages the server serves itself.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
