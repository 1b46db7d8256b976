using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.AspNetCore;

/// <summary>
/// CORS for gRPC-Web, through ASP.NET Core's own CORS middleware: a page from another origin may call the services
/// and read each call's outcome. A browser preflights every gRPC-Web call (its content type is not a "simple" one);
/// the CORS middleware answers the preflight.
/// </summary>
public static class GrpcWebCorsExtensions
{
    /// <summary>
    /// The request headers gRPC-Web clients send: <c>content-type</c>, <c>x-grpc-web</c>, <c>x-user-agent</c>,
    /// <c>grpc-timeout</c>, <c>grpc-encoding</c>, <c>grpc-accept-encoding</c> and <c>authorization</c> (bearer tokens).
    /// </summary>
    public static IReadOnlyList<string> RequestHeaders { get; } =
        ["content-type", "x-grpc-web", "x-user-agent", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding", "authorization"];

    /// <summary>
    /// The response headers a page must be able to read: <c>grpc-status</c>, <c>grpc-message</c> and
    /// <c>grpc-status-details-bin</c> (a trailers-only response carries the status in its headers), and
    /// <c>grpc-encoding</c>, <c>grpc-accept-encoding</c>.
    /// </summary>
    public static IReadOnlyList<string> ResponseHeaders { get; } =
        ["grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding", "grpc-accept-encoding"];

    /// <summary>
    /// Allows gRPC-Web calls under <paramref name="policy"/>: POST, the <see cref="RequestHeaders"/>, and exposes the
    /// <see cref="ResponseHeaders"/>. Origins are the caller's choice (<c>WithOrigins</c>); application metadata is
    /// added with <c>WithHeaders("tenant")</c> and <c>WithExposedHeaders("served-by")</c>, which add to these lists.
    /// </summary>
    /// <param name="policy">The policy being built.</param>
    /// <returns><paramref name="policy"/>.</returns>
    public static CorsPolicyBuilder WithGrpcWebHeaders(this CorsPolicyBuilder policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.WithMethods(HttpMethods.Post)
            .WithHeaders([.. RequestHeaders])
            .WithExposedHeaders([.. ResponseHeaders]);
    }

    /// <summary>
    /// Adds CORS and a policy named <paramref name="policyName"/> for gRPC-Web calls from <paramref name="origins"/>
    /// (<c>*</c>: any origin); apply it with <c>app.UseCors(policyName)</c> or per service with
    /// <c>MapGrpcService&lt;T&gt;().EnableGrpcWeb().RequireCors(policyName)</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="policyName">The policy's name.</param>
    /// <param name="origins">The origins whose pages may call, e.g. <c>https://shop.example.com</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGrpcWebCors(this IServiceCollection services, string policyName, params string[] origins)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(policyName);
        ArgumentNullException.ThrowIfNull(origins);
        return services.AddCors(cors => cors.AddPolicy(policyName, policy =>
        {
            _ = origins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins(origins);
            policy.WithGrpcWebHeaders();
        }));
    }
}
