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
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            var tls = address.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
            output.WriteLine($"listening on {address} ({(tls ? "gRPC over TLS" : "gRPC, plaintext HTTP/2")})");
        }
        var first = addresses.FirstOrDefault() ?? "http://localhost:50051";
        var devToken = app.Environment.IsDevelopment()
            ? app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Tokens.FirstOrDefault(t => !string.IsNullOrEmpty(t.Token) && !t.Roles.Contains(Caller.AdminRole))
            : null;
        var token = devToken?.Token ?? "$TOKEN";
        var customer = devToken?.Subject ?? "<your subject>";
        output.WriteLine($"  call it:    dotnet run --project Client -- --address {first} --token {token} create --customer {customer} --item p-1:2:29.99");
        output.WriteLine($"              dotnet run --project Client -- --address {first} --token {token} list");
        output.WriteLine("  health:     grpc.health.v1.Health (Check, Watch; no token needed)");
        output.WriteLine("  reflection: grpc.reflection.v1 and v1alpha (grpcurl list/describe; no token needed)");
        if (app.Environment.IsDevelopment())
        {
            var tokens = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Tokens.Where(t => !string.IsNullOrEmpty(t.Token));
            output.WriteLine($"  tokens:     {string.Join(", ", tokens.Select(t => $"{t.Token} ({t.Subject}{(t.Roles.Count > 0 ? "; " + string.Join(",", t.Roles) : "")})"))} (Development only; see appsettings.Development.json)");
        }
    }
}
