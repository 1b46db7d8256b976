using System.Diagnostics;
using System.Text;

namespace CodeFirst.Orders.Client.Tests.EndToEnd;

/// <summary>
/// A running <c>chat</c> whose stdin the test types into and whose stdout it watches line by line. Disposing kills
/// it if it still runs, so no test leaves a process behind.
/// </summary>
internal sealed class ChatProcess : IAsyncDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _error = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChatProcess(Process process) => _process = process;

    public static ChatProcess Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(CliProcess.Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, _) in CliProcess.CleanEnvironment())
        {
            start.Environment.Remove(key);
        }
        var chat = new ChatProcess(new Process { StartInfo = start });
        chat._process.OutputDataReceived += (_, e) => chat.OnOutput(e.Data);
        chat._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (chat._error)
                {
                    chat._error.AppendLine(e.Data);
                }
            }
        };
        chat._process.Start();
        chat._process.BeginOutputReadLine();
        chat._process.BeginErrorReadLine();
        return chat;
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Everything printed so far, for assertion messages.</summary>
    public string Transcript => string.Join('\n', Lines) + "\n" + Error;

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until a line of stdout matches.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(WaitTimeout);
        while (true)
        {
            Task changed;
            lock (_lines)
            {
                if (_lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }
                if (_process.HasExited)
                {
                    throw new AssertFailedException($"chat exited with {_process.ExitCode} before printing {what}:\n{Transcript}");
                }
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (TimeoutException)
            {
                // Poll again: the process may have exited without another line.
            }
            catch (OperationCanceledException)
            {
                throw new AssertFailedException($"chat did not print {what} within {WaitTimeout.TotalSeconds} s:\n{Transcript}");
            }
        }
    }

    /// <summary>Closes stdin (end of input) and waits for the process to end; returns its exit code.</summary>
    public Task<int> CloseInputAndWaitAsync()
    {
        _process.StandardInput.Close();
        return WaitForExitAsync();
    }

    /// <summary>Waits for the process to end; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(WaitTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new AssertFailedException($"chat did not end within {WaitTimeout.TotalSeconds} s:\n{Transcript}");
        }
        _process.WaitForExit(); // flush the output readers
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }
        TaskCompletionSource changed;
        lock (_lines)
        {
            _lines.Add(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.SetResult();
    }
}
