using System.Net;
using CodeFirst.Orders.Server.Auth;

namespace CodeFirst.Orders.Server.Hosting;

/// <summary>
/// The security defaults the server refuses to start without (SPEC.md section 3): an endpoint reachable from other
/// machines must use TLS, and outside Development callers must be known by hashed tokens.
/// </summary>
internal static class StartupChecks
{
    /// <summary>What is wrong with the configuration, each saying what to set; empty when the server may start.</summary>
    public static List<string> Problems(IConfiguration configuration, IHostEnvironment environment)
    {
        var problems = new List<string>();
        foreach (var (name, url) in Endpoints(configuration))
        {
            if (!Uri.TryCreate(url.Replace("*", "0.0.0.0").Replace("+", "0.0.0.0"), UriKind.Absolute, out var uri))
            {
                continue; // Kestrel reports a malformed URL itself
            }
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri.Host))
            {
                problems.Add(
                    $"{name} ({url}) accepts plaintext connections from other machines. Bind it to localhost, or serve TLS: "
                    + $"an https:// URL with Kestrel:Endpoints:<name>:Certificate:Path (a .pfx with :Password, or a PEM certificate with :KeyPath).");
            }
        }
        if (!environment.IsDevelopment())
        {
            var dashboard = configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new();
            if (dashboard.Enabled && !Directory.Exists(dashboard.FullRoot(environment)))
            {
                problems.Add(
                    $"Web:Enabled is set but Web:Root ({dashboard.FullRoot(environment)}) does not exist: build the dashboard "
                    + $"({DashboardOptions.BuildCommand}) and set Web:Root to its web/dist, or set Web:Enabled=false.");
            }
        }
        problems.AddRange(TokenAuthenticator.Problems(configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new(), environment));
        return problems;
    }

    /// <summary>
    /// The endpoints Kestrel will bind: <c>Kestrel:Endpoints</c> when configured (they replace the others), else
    /// <c>urls</c> (<c>ASPNETCORE_URLS</c>, <c>--urls</c>).
    /// </summary>
    private static IEnumerable<(string Name, string Url)> Endpoints(IConfiguration configuration)
    {
        var configured = configuration.GetSection("Kestrel:Endpoints").GetChildren().ToList();
        if (configured.Count > 0)
        {
            return configured.Where(e => e["Url"] is not null).Select(e => ($"Kestrel:Endpoints:{e.Key}", e["Url"]!));
        }
        return (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url => ("urls", url));
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
