using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace CodeFirst.Testing;

/// <summary>
/// Finds a peer program the tests need (protoc, buf, go, python3, node...). Without it a test is
/// skipped with the command that installs it; under <c>CI=true</c> a missing peer fails the test,
/// because CI installs every peer and a skip there would hide a broken setup.
/// </summary>
public static class ExternalTool
{
    /// <summary>True when running under CI (<c>CI=true</c>).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The first of <paramref name="candidates"/> that exists (absolute or repo-relative paths, or
    /// names looked up on PATH); otherwise skips the test (or fails it under CI) naming <paramref name="install"/>.
    /// </summary>
    public static string Require(string name, string install, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (Resolve(candidate) is { } path)
            {
                return path;
            }
        }
        Missing(name, install);
        return null!;
    }

    /// <summary>
    /// Skips the test (or fails it under CI) because <paramref name="name"/> is missing, naming
    /// <paramref name="install"/>; for peers that are not a single program (a package, <c>node_modules</c>).
    /// </summary>
    [DoesNotReturn]
    public static void Missing(string name, string install)
    {
        var message = $"{name} is not installed; install it with: {install}";
        if (IsCi)
        {
            Assert.Fail($"CI=true but {message}");
        }
        Assert.Inconclusive($"Skipped: {message}");
        throw new UnreachableException();
    }

    private static string? Resolve(string candidate)
    {
        if (candidate.Contains('/') || candidate.Contains(Path.DirectorySeparatorChar))
        {
            var path = Path.IsPathRooted(candidate) ? candidate : RepoPaths.Combine(candidate);
            return File.Exists(path) ? EnsureExecutable(path) : null;
        }
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }

    /// <summary>NuGet may unpack tool binaries (protoc in Grpc.Tools) without the execute bit.</summary>
    private static string EnsureExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }
        return path;
    }
}
