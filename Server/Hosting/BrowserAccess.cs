using CodeFirst.Grpc.AspNetCore;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace CodeFirst.Orders.Server.Hosting;

/// <summary>
/// What browsers need: gRPC-Web (with CORS for other origins), the dashboard's static files, and the endpoint they
/// reach both on. Browsers speak HTTP/1.1 to a plaintext endpoint, so Development declares one of its own,
/// <c>Kestrel:Endpoints:Web</c> with <c>Protocols: Http1</c>, beside the HTTP/2 gRPC endpoint.
/// </summary>
internal static class BrowserAccess
{
    /// <summary>The name of the browsers' Kestrel endpoint (<c>Kestrel:Endpoints:Web</c>).</summary>
    public const string EndpointName = "Web";

    private const string CorsPolicy = "GrpcWeb";

    /// <summary>Reads the <c>GrpcWeb</c> and <c>Web</c> sections, adds the CORS policy, and notes where the browser endpoint binds.</summary>
    public static void AddBrowserAccess(this WebApplicationBuilder builder)
    {
        var grpcWeb = builder.Configuration.GetSection(GrpcWebSettings.Section);
        builder.Services.Configure<GrpcWebSettings>(grpcWeb);
        builder.Services.Configure<DashboardOptions>(builder.Configuration.GetSection(DashboardOptions.Section));
        var origins = grpcWeb.Get<GrpcWebSettings>()?.AllowedOrigins ?? [];
        if (origins.Count > 0)
        {
            builder.Services.AddGrpcWebCors(CorsPolicy, [.. origins]);
        }
        var endpoint = new BrowserEndpoint();
        builder.Services.AddSingleton(endpoint);
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel
            .Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: true)
            .Endpoint(EndpointName, configured => endpoint.Listen = configured.ListenOptions));
    }

    /// <summary>
    /// Adds the dashboard when <c>Web:Enabled</c> and built, then routing, then CORS and the gRPC-Web adapter when
    /// <c>GrpcWeb:Enabled</c>. The static files go before routing: routing would match a page's GET to the gRPC
    /// endpoints' catch-all (405), and static files serve only requests no endpoint has claimed.
    /// </summary>
    public static void UseBrowserAccess(this WebApplication app)
    {
        var dashboard = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        if (dashboard.Enabled && Directory.Exists(dashboard.FullRoot(app.Environment)))
        {
            var files = new PhysicalFileProvider(dashboard.FullRoot(app.Environment));
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }
        app.UseRouting();
        var grpcWeb = app.Services.GetRequiredService<IOptions<GrpcWebSettings>>().Value;
        if (grpcWeb.Enabled)
        {
            if (grpcWeb.AllowedOrigins.Count > 0)
            {
                app.UseCors(CorsPolicy);
            }
            app.UseGrpcWeb(); // for the services mapped with EnableGrpcWeb()
        }
    }
}
