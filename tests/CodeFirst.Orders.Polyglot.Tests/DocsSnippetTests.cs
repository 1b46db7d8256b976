using System.Text.RegularExpressions;
using CodeFirst.Testing;

namespace CodeFirst.Orders.Polyglot.Tests;

/// <summary>
/// docs/polyglot.md quotes the clients the other tests run: every <c>go</c>, <c>python</c> and <c>javascript</c>
/// block there must still be in its client, line for line (indentation aside), so the page shows tested code.
/// </summary>
[TestClass]
public sealed partial class DocsSnippetTests
{
    private static readonly Dictionary<string, string> Clients = new()
    {
        ["go"] = "tests/Polyglot/go/main.go",
        ["python"] = "tests/Polyglot/python/client.py",
        ["javascript"] = "tests/Polyglot/node/client.js",
    };

    [GeneratedRegex(@"^```(?<language>\w+)\n(?<code>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [TestMethod]
    public void Every_client_snippet_in_docs_polyglot_is_in_its_client()
    {
        var page = File.ReadAllText(RepoPaths.Combine("docs/polyglot.md")).ReplaceLineEndings("\n");
        var checkedPerLanguage = Clients.Keys.ToDictionary(language => language, _ => 0);
        foreach (Match block in CodeBlock().Matches(page))
        {
            var language = block.Groups["language"].Value;
            if (!Clients.TryGetValue(language, out var client))
            {
                continue;
            }
            var snippet = Lines(block.Groups["code"].Value);
            var source = Lines(File.ReadAllText(RepoPaths.Combine(client)));
            Assert.IsTrue(
                Enumerable.Range(0, source.Length - snippet.Length + 1).Any(start => source.AsSpan(start, snippet.Length).SequenceEqual(snippet)),
                $"docs/polyglot.md has a {language} block that is not in {client} (any more):\n{block.Groups["code"].Value}");
            checkedPerLanguage[language]++;
        }
        foreach (var (language, count) in checkedPerLanguage)
        {
            Assert.IsGreaterThan(0, count, $"docs/polyglot.md has no {language} block");
        }
    }

    /// <summary>The non-blank lines, trimmed: quoting a method's body drops its indentation.</summary>
    private static string[] Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
}
