using System.Diagnostics;

namespace CodeFirst.Bench;

/// <summary>Running the external tools the harness needs, and saying how to install the ones that are missing.</summary>
public static class Tools
{
    /// <summary>Debian's Python, which has grpcio (the first <c>python3</c> on PATH may not).</summary>
    public const string DebianPython = "/usr/bin/python3";

    /// <summary>The peers' packages, as one command (also in benchmarks/install-peers.sh).</summary>
    public const string InstallHint = "run benchmarks/install-peers.sh (apt-get and npm ci), or dotnet cake --target=Bench which runs it";

    /// <summary>Runs a build script of the repository with its arguments; fails with its output if it fails.</summary>
    public static async Task RunScriptAsync(BenchPaths paths, string script, params string[] arguments)
    {
        var (exit, output) = await RunAsync("bash", [Path.Combine(paths.Repo, script), .. arguments], paths.Repo, TimeSpan.FromMinutes(5));
        if (exit != 0)
        {
            throw new InvalidOperationException($"{script} failed (exit {exit}); {InstallHint}.\n{output}");
        }
    }

    /// <summary>Fails unless <paramref name="tool"/> is on PATH and every file in <paramref name="files"/> exists.</summary>
    public static Task RequireAsync(string tool, string install, params string[] files)
    {
        if (Which(tool) is null || files.Any(f => !File.Exists(f)))
        {
            throw new InvalidOperationException($"{tool} or {string.Join(", ", files)} is missing: {install}.");
        }
        return Task.CompletedTask;
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH, or null.</summary>
    public static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a process to its end (bounded by <paramref name="timeout"/>); returns its exit code and its output.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The first line <paramref name="fileName"/> prints for <paramref name="arguments"/>, or "not found".</summary>
    public static async Task<string> VersionAsync(string fileName, params string[] arguments)
    {
        try
        {
            var (_, output) = await RunAsync(fileName, arguments, Environment.CurrentDirectory, TimeSpan.FromSeconds(30));
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }
}
