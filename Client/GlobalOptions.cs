using System.CommandLine;
using System.CommandLine.Parsing;

namespace CodeFirst.Orders.Client;

/// <summary>The options every command takes: where the server is, who is calling, how long to wait, how to print.</summary>
internal sealed class GlobalOptions
{
    public const string AddressVariable = "CODEFIRST_ADDRESS";
    public const string TokenVariable = "CODEFIRST_TOKEN";
    public const string DefaultAddress = "http://localhost:50051";

    /// <summary>Longer than anyone waits on purpose, short enough that now + timeout is a valid deadline.</summary>
    private const double MaxTimeoutSeconds = 365 * 24 * 3600;

    public Option<Uri> Address { get; } = new("--address")
    {
        Description = $"The order server, http:// or https:// (or set ${AddressVariable})",
        HelpName = "url",
        Recursive = true,
        CustomParser = result => ParseAddress(result, result.Tokens.Single().Value, "--address"),
        DefaultValueFactory = result => ParseAddress(result, Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultAddress, AddressVariable),
    };

    public Option<string?> Token { get; } = new("--token")
    {
        // No DefaultValueFactory: help would print the token from the environment as the default.
        Description = $"Bearer token for the calls (or set ${TokenVariable})",
        Recursive = true,
    };

    public Option<double?> Timeout { get; } = new("--timeout")
    {
        Description = $"Deadline per call in seconds (default: {ClientSession.DefaultUnaryTimeout.TotalSeconds:0} for create, get and status; none for list, upload and chat)",
        HelpName = "seconds",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON object per order, message or summary per line (protobuf JSON field names); errors as JSON on stderr too",
        Recursive = true,
    };

    public GlobalOptions()
    {
        Timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } seconds && seconds is not (> 0 and <= MaxTimeoutSeconds))
            {
                result.AddError($"--timeout must be a positive number of seconds up to a year, not {seconds}.");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Address);
        command.Options.Add(Token);
        command.Options.Add(Timeout);
        command.Options.Add(Json);
    }

    public ConnectionSettings Read(ParseResult result) => new(
        result.GetRequiredValue(Address),
        (result.GetValue(Token) ?? Environment.GetEnvironmentVariable(TokenVariable)) is { Length: > 0 } token ? token : null,
        result.GetValue(Timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        result.GetValue(Json));

    private static Uri ParseAddress(ArgumentResult result, string text, string source)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps))
        {
            return address;
        }
        result.AddError($"{source} '{text}' is not an http:// or https:// address (like {DefaultAddress}).");
        return new Uri(DefaultAddress);
    }
}
