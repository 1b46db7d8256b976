using System.Text.Json;

namespace CodeFirst.Orders.Client.Tests.EndToEnd;

/// <summary>
/// The built CLI (<c>Client/bin/&lt;Configuration&gt;/net10.0/CodeFirst.Orders.Client.dll</c>) run as a real process,
/// bounded in time, with the caller's <c>CODEFIRST_*</c> variables cleared so a developer's own settings never leak in.
/// </summary>
internal static class CliProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string Assembly => RepoPaths.BuiltAssembly("Client", "CodeFirst.Orders.Client");

    /// <summary>The variables every run starts from: none of the CLI's own.</summary>
    public static Dictionary<string, string?> CleanEnvironment() => new()
    {
        [GlobalOptions.AddressVariable] = null,
        [GlobalOptions.TokenVariable] = null,
    };

    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null) =>
        ProcessRunner.RunAsync("dotnet", [Assembly, .. arguments], timeout: Timeout, environment: environment ?? CleanEnvironment());

    /// <summary>Parses each stdout line as one JSON object (the <c>--json</c> output).</summary>
    public static List<JsonElement> JsonLines(this ProcessResult result) =>
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

    /// <summary>The error as JSON: the last line of stderr under <c>--json</c>.</summary>
    public static JsonElement JsonError(this ProcessResult result) =>
        JsonDocument.Parse(result.StandardError.TrimEnd().Split('\n')[^1]).RootElement.Clone();

    public static void AssertSucceeded(this ProcessResult result) =>
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.Output);

    public static void AssertFailed(this ProcessResult result) =>
        Assert.AreEqual(ExitCodes.Failure, result.ExitCode, result.Output);
}
