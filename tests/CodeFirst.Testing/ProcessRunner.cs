using System.Diagnostics;
using System.Text;

namespace CodeFirst.Testing;

/// <summary>The outcome of a finished process.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Everything written to standard output.</param>
/// <param name="StandardError">Everything written to standard error.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Output => StandardOutput + StandardError;
}

/// <summary>Runs a program to completion within a time limit, capturing its output.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/>; kills it (and fails) if it outlives <paramref name="timeout"/>.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="workingDirectory">Its working directory; the repository root by default.</param>
    /// <param name="timeout">How long it may run (2 min by default); then it is killed and <see cref="TimeoutException"/> thrown.</param>
    /// <param name="onOutputLine">
    /// Called with each line of standard output as it arrives (on a thread-pool thread), for tests that act
    /// while the program runs; the lines are in <see cref="ProcessResult.StandardOutput"/> as well.
    /// </param>
    /// <param name="environment">Environment variables to set (a <see langword="null"/> value removes one); the rest are inherited.</param>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null, Action<string>? onOutputLine = null, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
                onOutputLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(); // flush the asynchronous output readers, for the message
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout ?? TimeSpan.FromMinutes(2)}; its output so far:\n{output}{error}");
        }
        process.WaitForExit(); // flush the asynchronous output readers
        return new ProcessResult(process.ExitCode, output.ToString(), error.ToString());
    }
}
