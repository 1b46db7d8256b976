namespace CodeFirst.Grpc.AspNetCore;

/// <summary>Options of the gRPC-Web adapter (<see cref="GrpcWebApplicationBuilderExtensions.UseGrpcWeb"/>).</summary>
public sealed class GrpcWebOptions
{
    /// <summary>
    /// Whether services serve gRPC-Web unless their endpoints say otherwise
    /// (<see cref="GrpcWebEndpointConventionBuilderExtensions.EnableGrpcWeb"/>,
    /// <see cref="GrpcWebEndpointConventionBuilderExtensions.DisableGrpcWeb"/>). Default false: opt in per service.
    /// </summary>
    public bool DefaultEnabled { get; set; }
}
