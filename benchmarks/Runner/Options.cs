using System.Globalization;

namespace CodeFirst.Bench;

/// <summary>The command line: an optional command word, then <c>--name value</c> pairs.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/>.</summary>
    public Options(string[] args)
    {
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Command = args[0];
            i = 1;
        }
        for (; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
            var equals = args[i].IndexOf('=');
            if (equals > 0)
            {
                _values[args[i][..equals]] = args[i][(equals + 1)..];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                _values[args[i]] = args[++i];
            }
            else
            {
                _values[args[i]] = "true";
            }
        }
    }

    /// <summary>The command word: <c>run</c> (the default) or <c>client</c>.</summary>
    public string Command { get; } = "run";

    /// <summary>The value of <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public string? Get(string name, string? fallback = null) => _values.TryGetValue(name, out var value) ? value : fallback;

    /// <summary>The value of <paramref name="name"/>; throws naming it when absent.</summary>
    public string Required(string name) => Get(name) ?? throw new ArgumentException($"{name} is required");

    /// <summary>The integer value of <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public int Int(string name, int fallback) =>
        Get(name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new ArgumentException($"{name} must be a positive whole number, not '{text}'")
            : fallback;

    /// <summary>Whether the flag <paramref name="name"/> was given.</summary>
    public bool Flag(string name) => Get(name) is "true" or "1" or "yes";

    /// <summary>The comma-separated values of <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public IReadOnlyList<string> List(string name, IEnumerable<string> fallback) =>
        Get(name) is { } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : fallback.ToList();
}
