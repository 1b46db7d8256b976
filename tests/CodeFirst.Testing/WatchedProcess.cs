using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace CodeFirst.Testing;

/// <summary>
/// A process a test starts and keeps running (a server): both output streams captured line by line, and found ready
/// by the first line it prints that matches a pattern (its <c>listening on ...</c> line). What stops it is the owner's
/// business (SIGTERM, closing stdin); <see cref="Dispose"/> kills what still runs.
/// </summary>
internal sealed class WatchedProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private WatchedProcess(Process process) => Process = process;

    /// <summary>The process.</summary>
    public Process Process { get; }

    /// <summary>What the process has printed so far (both streams, in arrival order).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="start"/> (its standard output and error redirected here; standard input as the caller set it)
    /// and waits for the first line matching <paramref name="ready"/>, which it returns with the process.
    /// <paramref name="onLine"/> sees every line (of either stream) as it arrives. When the process exits first, or
    /// prints no such line within <paramref name="timeout"/>, it is killed and the exception carries its output.
    /// </summary>
    /// <param name="name">What the process is, for messages ("The order server").</param>
    public static async Task<(WatchedProcess Process, Match Ready)> StartAsync(string name, ProcessStartInfo start, Regex ready, TimeSpan timeout, Action<string>? onLine = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var watched = new WatchedProcess(process);
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (watched._output)
            {
                watched._output.AppendLine(line);
            }
            onLine?.Invoke(line);
            if (ready.Match(line) is { Success: true } match)
            {
                found.TrySetResult(match);
            }
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // drain the output readers, so the message has all of it
            found.TrySetException(new InvalidOperationException($"{name} exited with {process.ExitCode} before it was ready:\n{watched.Output}"));
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name} ({start.FileName}).");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return (watched, await found.Task.WaitAsync(timeout));
        }
        catch (TimeoutException)
        {
            watched.Dispose();
            throw new TimeoutException($"{name} printed no line matching '{ready}' within {timeout.TotalSeconds} s:\n{watched.Output}");
        }
        catch
        {
            watched.Dispose();
            throw;
        }
    }

    /// <summary>Kills the process (and its children) if it still runs, waits for it, and releases it.</summary>
    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
            Process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        Process.Dispose();
    }
}
