using CodeFirst.Orders.Server.Auth;
using CodeFirst.Orders.Server.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CodeFirst.Orders.Server.Hosting;

/// <summary>What the server prints once it listens: one line per endpoint and how to call it.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app, TextWriter output)
    {
        var store = app.Services.GetRequiredService<SqliteOrderStore>();
        output.WriteLine($"CodeFirst order service ({app.Environment.EnvironmentName}), store: {store.Path}");
        var all = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var browserEndpoint = app.Services.GetRequiredService<BrowserEndpoint>();
        var addresses = all.Where(address => !browserEndpoint.Owns(address)).ToList();
        // Before the gRPC endpoints: whoever waits for the first "listening on" line then knows the browsers' one too.
        PrintBrowserAccess(app, all.Where(browserEndpoint.Owns).ToList(), output);
        foreach (var address in addresses)
        {
            var tls = address.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
            output.WriteLine($"listening on {address} ({(tls ? "gRPC over TLS" : "gRPC, plaintext HTTP/2")})");
        }
        var first = addresses.FirstOrDefault() ?? "http://localhost:50051";
        // Plain-text tokens exist in Development only (TokenAuthenticator refuses them elsewhere).
        var devTokens = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Tokens.Where(t => !string.IsNullOrEmpty(t.Token)).ToList();
        var devToken = devTokens.FirstOrDefault(t => !t.Roles.Contains(Caller.AdminRole));
        var token = devToken?.Token ?? "$TOKEN";
        var customer = devToken?.Subject ?? "<your subject>";
        output.WriteLine($"  call it:    dotnet run --project Client -- --address {first} --token {token} create --customer {customer} --item p-1:2:29.99");
        output.WriteLine($"              dotnet run --project Client -- --address {first} --token {token} list");
        output.WriteLine("  health:     grpc.health.v1.Health (Check, Watch; no token needed)");
        output.WriteLine("  reflection: grpc.reflection.v1 and v1alpha (grpcurl list/describe; no token needed)");
        if (devTokens.Count > 0)
        {
            output.WriteLine($"  tokens:     {string.Join(", ", devTokens.Select(t => $"{t.Token} ({t.Subject}{(t.Roles.Count > 0 ? "; " + string.Join(",", t.Roles) : "")})"))} (Development only; see appsettings.Development.json)");
        }
    }

    /// <summary>The browser endpoint's lines (<c>browsers on URL</c>), and how to build the dashboard when it is enabled but not built.</summary>
    private static void PrintBrowserAccess(WebApplication app, List<string> browserAddresses, TextWriter output)
    {
        var grpcWeb = app.Services.GetRequiredService<IOptions<GrpcWebSettings>>().Value.Enabled;
        var dashboard = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        var built = dashboard.Enabled && Directory.Exists(dashboard.FullRoot(app.Environment));
        var serves = string.Join(" and ", new[] { built ? "the dashboard" : null, grpcWeb ? "gRPC-Web" : null }.OfType<string>());
        foreach (var address in browserAddresses)
        {
            output.WriteLine($"browsers on {address} (HTTP/1.1: {(serves.Length > 0 ? serves : "nothing; set GrpcWeb:Enabled and Web:Enabled")})");
        }
        if (dashboard.Enabled && !built)
        {
            output.WriteLine($"  dashboard:  not built ({dashboard.FullRoot(app.Environment)} is missing): {DashboardOptions.BuildCommand}");
        }
    }
}
