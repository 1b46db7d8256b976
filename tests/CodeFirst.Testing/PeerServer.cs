using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace CodeFirst.Testing;

/// <summary>
/// A peer's server process (grpc-go's interop server, say) on a loopback port: started, found ready by the
/// <c>listening on HOST:PORT</c> line it prints, and stopped (stdin closed, then killed if it lingers) by the test
/// that started it.
/// </summary>
public sealed partial class PeerServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The server's address, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Address { get; private set; }

    /// <summary>What the process has printed so far (for failure messages).</summary>
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

    [GeneratedRegex(@"listening on (?<endpoint>\S+:\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Starts <paramref name="fileName"/> and waits for its "listening on" line.</summary>
    public static async Task<PeerServer> StartAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var server = new PeerServer(process, new Uri("http://127.0.0.1:0"));
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (server._output)
            {
                server._output.AppendLine(line);
            }
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                ready.TrySetResult(new Uri("http://" + match.Groups["endpoint"].Value));
            }
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{fileName} exited with {process.ExitCode} before listening:\n{server.Output}"));
        try
        {
            server.Address = await ready.Task.WaitAsync(StartTimeout);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The peers exit when stdin closes, so a crashed test run does not leave them behind either.
            _process.StandardInput.Close();
            using var stopping = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
