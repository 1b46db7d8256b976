using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;

namespace CodeFirst.Bench;

/// <summary>
/// One server under test, started as its own process pinned to a core with <c>taskset</c> (which execs the server, so
/// the process id is the server's own). Its stdout lines are read as they come: the harness waits for
/// <c>listening on</c>, and the .NET servers answer a <c>stats</c> line on stdin with one JSON line.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly long TicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly StringWriter _log = new();
    private const string ListeningOn = "listening on ";

    private ServerProcess(Process process) => _process = process;

    /// <summary>The server's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Where the server listens, as its <c>listening on HOST:PORT</c> line said: <c>http://HOST:PORT</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Starts <paramref name="command"/> on <paramref name="core"/> and waits until it prints <c>listening on</c>.</summary>
    public static async Task<ServerProcess> StartAsync(ServerCommand command, int core, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("taskset")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = command.WorkingDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(core.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(command.FileName);
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}"));
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data is null ? null : "stderr: " + e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var listening = await server.WaitForLineAsync(line => line.StartsWith(ListeningOn, StringComparison.Ordinal), cancel.Token);
            server.Address = ParseAddress(listening, command);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"{command} did not print 'listening on' within {timeout.TotalSeconds:0} s. Its output:\n{server._log}");
        }
        catch (InvalidOperationException)
        {
            // A listening line without a usable address: stop the server before saying so.
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The address in a <c>listening on HOST:PORT</c> line, checked to name a port the server really took.</summary>
    public static string ParseAddress(string line, object source)
    {
        var endpoint = line[ListeningOn.Length..].Trim();
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{source} printed '{line}', which names no HOST:PORT with a port in 1..65535");
        }
        return "http://" + endpoint;
    }

    /// <summary>CPU time (user + system) the server has used so far, in seconds.</summary>
    public double CpuSeconds()
    {
        // /proc/PID/stat: the command sits in parentheses and may hold spaces; utime and stime are fields 14 and 15.
        var stat = File.ReadAllText($"/proc/{Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
              + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / (double)TicksPerSecond;
    }

    /// <summary>The largest resident set the server has had (VmHWM), in bytes.</summary>
    public long PeakRssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    /// <summary>The bytes the .NET server has allocated so far (its answer to a <c>stats</c> line).</summary>
    public async Task<long> AllocatedBytesAsync()
    {
        while (_lines.Reader.TryRead(out _))
        {
        }
        await _process.StandardInput.WriteLineAsync("stats");
        await _process.StandardInput.FlushAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var line = await WaitForLineAsync(l => l.StartsWith('{'), cancel.Token);
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("allocatedBytes").GetInt64();
    }

    /// <summary>Whatever the server printed, for failure messages.</summary>
    public string Output => _log.ToString();

    /// <summary>Stops the server with SIGTERM, then SIGKILL if it has not exited after 5 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private async Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _lines.Reader.ReadAsync(cancellationToken);
            if (match(line))
            {
                return line;
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            return;
        }
        lock (_log)
        {
            if (_log.GetStringBuilder().Length < 64 * 1024)
            {
                _log.WriteLine(line);
            }
        }
        _lines.Writer.TryWrite(line);
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

/// <summary>How to start one server: program, arguments, environment and working directory.</summary>
public sealed record ServerCommand(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>Extra environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <inheritdoc />
    public override string ToString() => FileName + " " + string.Join(' ', Arguments);
}
