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
}
