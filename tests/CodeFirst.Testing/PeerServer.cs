using System.Diagnostics;
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

    private readonly WatchedProcess _watched;

    private PeerServer(WatchedProcess watched, Uri address)
    {
        _watched = watched;
        Address = address;
    }

    /// <summary>The server's address, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Address { get; }

    /// <summary>What the process has printed so far (for failure messages).</summary>
    public string Output => _watched.Output;

    [GeneratedRegex(@"listening on (?<endpoint>\S+:\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Starts <paramref name="fileName"/> and waits for its "listening on" line.</summary>
    public static async Task<PeerServer> StartAsync(string fileName, IEnumerable<string> arguments)
    {
        // Its stdin is a pipe kept open until disposal: the peers exit when stdin closes, so a crashed test run does
        // not leave them behind either.
        var start = new ProcessStartInfo(fileName) { RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var (watched, listening) = await WatchedProcess.StartAsync(fileName, start, ListeningLine(), StartTimeout);
        return new PeerServer(watched, new Uri("http://" + listening.Groups["endpoint"].Value));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_watched.Process.HasExited)
        {
            _watched.Process.StandardInput.Close();
            using var stopping = new CancellationTokenSource(StopTimeout);
            try
            {
                await _watched.Process.WaitForExitAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed below.
            }
        }
        _watched.Dispose();
    }
}
