namespace CodeFirst.Grpc.AspNetCore.Web;

/// <summary>
/// Endpoint metadata saying whether gRPC-Web is served for an endpoint; the last one added wins, and an endpoint
/// without it follows <see cref="GrpcWebOptions.DefaultEnabled"/>.
/// </summary>
internal sealed class GrpcWebEndpointMetadata
{
    public static readonly GrpcWebEndpointMetadata Enabled = new(true);
    public static readonly GrpcWebEndpointMetadata Disabled = new(false);

    private GrpcWebEndpointMetadata(bool isEnabled) => IsEnabled = isEnabled;

    public bool IsEnabled { get; }
}
