namespace CodeFirst.Orders.Server.Hosting;

/// <summary>The order dashboard (<c>web/</c>), served as static files (configuration section <c>Web</c>).</summary>
internal sealed class DashboardOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Web";

    /// <summary>Whether the server serves the dashboard; on in appsettings.Development.json.</summary>
    public bool Enabled { get; set; }

    /// <summary>The built page, relative to the content root: <c>../web/dist</c>, the repository's, under <c>dotnet run --project Server</c>.</summary>
    public string Root { get; set; } = "../web/dist";

    /// <summary>The absolute path of <see cref="Root"/>.</summary>
    public string FullRoot(IHostEnvironment environment) => Path.GetFullPath(Root, environment.ContentRootPath);

    /// <summary>The command that builds the page into the repository's <c>web/dist</c>.</summary>
    public const string BuildCommand = "npm ci --prefix web && npm run build --prefix web";
}
