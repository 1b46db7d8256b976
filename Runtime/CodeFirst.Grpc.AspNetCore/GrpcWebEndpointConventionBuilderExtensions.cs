using CodeFirst.Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Builder;

namespace CodeFirst.Grpc.AspNetCore;

/// <summary>Turns gRPC-Web on or off for mapped services (needs <see cref="GrpcWebApplicationBuilderExtensions.UseGrpcWeb"/>).</summary>
public static class GrpcWebEndpointConventionBuilderExtensions
{
    /// <summary>Serves gRPC-Web for these endpoints, e.g. <c>app.MapGrpcService&lt;OrderService&gt;().EnableGrpcWeb()</c>.</summary>
    /// <typeparam name="TBuilder">The convention builder.</typeparam>
    /// <param name="builder">The endpoints, as <c>MapGrpcService</c> returns them.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder EnableGrpcWeb<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => WithGrpcWeb(builder, GrpcWebEndpointMetadata.Enabled);

    /// <summary>
    /// Does not serve gRPC-Web for these endpoints even when <see cref="GrpcWebOptions.DefaultEnabled"/> is set; their
    /// gRPC-Web requests reach the server unchanged, which refuses the content type (HTTP 415).
    /// </summary>
    /// <typeparam name="TBuilder">The convention builder.</typeparam>
    /// <param name="builder">The endpoints, as <c>MapGrpcService</c> returns them.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder DisableGrpcWeb<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => WithGrpcWeb(builder, GrpcWebEndpointMetadata.Disabled);

    private static TBuilder WithGrpcWeb<TBuilder>(TBuilder builder, GrpcWebEndpointMetadata metadata)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }
}
