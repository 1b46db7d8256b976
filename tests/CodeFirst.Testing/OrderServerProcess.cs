using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CodeFirst.Testing;

/// <summary>How to start the order server (<c>Server/</c>) as a process.</summary>
public sealed class OrderServerProcessOptions
{
    /// <summary><c>ASPNETCORE_ENVIRONMENT</c>; Development by default (loopback, the dev tokens of appsettings.Development.json).</summary>
    public string Environment { get; set; } = "Development";

    /// <summary>
    /// Where the SQLite file goes (<c>orders.db</c>); a new temporary directory, deleted when the server is disposed,
    /// when <see langword="null"/>. A directory given here is the caller's: reuse it to restart on the same data.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>The endpoint URL (<c>Kestrel:Endpoints:Grpc:Url</c>); a free loopback port by default.</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>
    /// In Development, the browser endpoint's URL (<c>Kestrel:Endpoints:Web:Url</c>, HTTP/1.1 for the dashboard and
    /// gRPC-Web), which appsettings.Development.json puts on <c>localhost:8080</c>: a free loopback port by default, so
    /// that servers run side by side; <see langword="null"/> keeps the configured one. Other environments declare no
    /// browser endpoint: add one through <see cref="Configuration"/>.
    /// </summary>
    public string? WebUrl { get; set; } = "http://127.0.0.1:0";

    /// <summary>More configuration, as environment variables (<c>Auth__Tokens__0__Subject</c>, <c>Kestrel__Endpoints__Grpc__Certificate__Path</c>...).</summary>
    public IDictionary<string, string> Configuration { get; } = new Dictionary<string, string>();
}

/// <summary>
/// The real order server (<c>Server/</c>, the build the tests were built with) as a process on a loopback port:
/// started and found ready by the <c>listening on URL</c> line it prints, stopped gracefully (SIGTERM) or killed
/// (SIGKILL) by the test that started it. Dispose stops it if it still runs.
/// </summary>
public sealed partial class OrderServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly WatchedProcess _watched;
    private readonly TemporaryDirectory? _ownedDataDirectory;

    private OrderServerProcess(WatchedProcess watched, Uri address, Uri? webAddress, string dataDirectory, TemporaryDirectory? ownedDataDirectory)
    {
        _watched = watched;
        Address = address;
        WebAddress = webAddress;
        DataDirectory = dataDirectory;
        _ownedDataDirectory = ownedDataDirectory;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234</c> (or <c>https://...</c>).</summary>
    public Uri Address { get; }

    /// <summary>The browser endpoint's address (its <c>browsers on URL</c> line), when the server has one.</summary>
    public Uri? WebAddress { get; }

    /// <summary>The directory holding the server's <c>orders.db</c>.</summary>
    public string DataDirectory { get; }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _watched.Process.HasExited;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _watched.Process.ExitCode;

    /// <summary>What the process has printed so far (both streams), for assertion messages.</summary>
    public string Output => _watched.Output;

    /// <summary>The server's built entry assembly (<c>Server/bin/&lt;Configuration&gt;/net10.0/CodeFirst.Orders.Server.dll</c>).</summary>
    public static string ServerAssembly => RepoPaths.BuiltAssembly("Server", "CodeFirst.Orders.Server");

    [GeneratedRegex(@"^listening on (?<url>https?://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"^browsers on (?<url>https?://\S+)")]
    private static partial Regex BrowsersLine();

    /// <summary>Starts the server and waits until it listens.</summary>
    public static async Task<OrderServerProcess> StartAsync(OrderServerProcessOptions? options = null)
    {
        options ??= new OrderServerProcessOptions();
        var owned = options.DataDirectory is null ? TemporaryDirectory.Create("codefirst-orders-") : null;
        var dataDirectory = options.DataDirectory ?? owned!.Path;
        try
        {
            // The server prints its browser endpoint before its gRPC ones, so it is known once ready.
            Uri? webAddress = null;
            var (watched, listening) = await WatchedProcess.StartAsync("The order server", CreateStartInfo(options, dataDirectory), ListeningLine(), StartTimeout,
                line => webAddress = BrowsersLine().Match(line) is { Success: true } browsers ? new Uri(browsers.Groups["url"].Value) : webAddress);
            return new OrderServerProcess(watched, new Uri(listening.Groups["url"].Value), webAddress, dataDirectory, owned);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>Runs the server expecting it to refuse to start: it must exit within 60 s; returns its exit code and output.</summary>
    public static async Task<ProcessResult> RunUntilExitAsync(OrderServerProcessOptions options)
    {
        using var owned = options.DataDirectory is null ? TemporaryDirectory.Create("codefirst-orders-") : null;
        var start = CreateStartInfo(options, options.DataDirectory ?? owned!.Path);
        return await ProcessRunner.RunAsync(start.FileName, start.ArgumentList, start.WorkingDirectory, StartTimeout, environment: start.Environment);
    }

    /// <summary>
    /// Waits until the process has printed a line containing <paramref name="text"/> (ordinal); throws
    /// <see cref="TimeoutException"/>, with the output so far, if it has not within <paramref name="timeout"/> or exits first.
    /// </summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_watched.Process.HasExited || DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The order server did not print \"{text}\" within {timeout.TotalSeconds} s{(_watched.Process.HasExited ? " (it exited)" : "")}:\n{Output}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Kills the process at once (SIGKILL: no shutdown code runs), as a crash or power cut would.</summary>
    public async Task KillAsync()
    {
        if (!_watched.Process.HasExited)
        {
            _watched.Process.Kill(entireProcessTree: false);
        }
        await _watched.Process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop (SIGTERM, as a service manager does) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_watched.Process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _watched.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _watched.Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _watched.Process.Kill();
            throw new TimeoutException($"The order server did not stop within {StopTimeout.TotalSeconds} s of SIGTERM:\n{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_watched.Process.HasExited)
            {
                await StopAsync();
            }
        }
        catch (TimeoutException)
        {
            await KillAsync();
        }
        finally
        {
            _watched.Dispose();
            _ownedDataDirectory?.Dispose();
        }
    }

    private static ProcessStartInfo CreateStartInfo(OrderServerProcessOptions options, string dataDirectory)
    {
        var assembly = ServerAssembly;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly },
            // The content root: appsettings*.json are read from the build output.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = options.Environment;
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = options.Url;
        if (options.WebUrl is not null && options.Environment == "Development")
        {
            start.Environment["Kestrel__Endpoints__Web__Url"] = options.WebUrl;
        }
        start.Environment["Storage__Sqlite__Path"] = Path.Combine(dataDirectory, "orders.db");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in options.Configuration)
        {
            start.Environment[key] = value;
        }
        return start;
    }
}
