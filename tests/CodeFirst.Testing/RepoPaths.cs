namespace CodeFirst.Testing;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CodeFirst.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No CodeFirst.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The repository root (where CodeFirst.sln is).</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path below the repository root, given with forward slashes.</summary>
    public static string Combine(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The shared spec folder beside the checkout (<c>../shared/spec</c>), when present.</summary>
    public static string? SharedSpec =>
        Path.GetFullPath(Path.Combine(Root, "..", "shared", "spec")) is var path && Directory.Exists(path) ? path : null;

    /// <summary>
    /// The built entry assembly of an app in the repository (<c>Server/bin/&lt;Configuration&gt;/net10.0/X.dll</c>), in
    /// the configuration the running tests were built in (they run from <c>tests/&lt;Project&gt;/bin/&lt;Configuration&gt;/net10.0/</c>).
    /// The test project must reference the app's project so that it is built first.
    /// </summary>
    /// <param name="projectDirectory">The app's folder, e.g. <c>Server</c>.</param>
    /// <param name="assemblyName">Its assembly name, e.g. <c>CodeFirst.Orders.Server</c>.</param>
    public static string BuiltAssembly(string projectDirectory, string assemblyName)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Combine($"{projectDirectory}/bin/{configuration}/net10.0/{assemblyName}.dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{assemblyName} is not built at {path}: reference {projectDirectory}'s project from the test project.");
    }
}
