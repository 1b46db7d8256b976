using System.Runtime.CompilerServices;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Input;

/// <summary>
/// Reads <c>product_id,quantity,unit_price</c> lines one at a time, so a file of any length streams without being
/// loaded. Blank lines are skipped; the first non-blank line may be that header.
/// </summary>
internal static class LineItemCsv
{
    public static readonly string[] HeaderFields = ["product_id", "quantity", "unit_price"];

    /// <summary>The items of <paramref name="reader"/>, in order.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">What errors call the text (the file's name).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <exception cref="LineItemCsvException">A line is not three valid fields; thrown when that line is reached.</exception>
    public static async IAsyncEnumerable<LineItem> ReadAsync(TextReader reader, string source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lineNumber = 0;
        var first = true;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = line.Split(',');
            if (first && IsHeader(fields))
            {
                first = false;
                continue;
            }
            first = false;
            yield return ParseLine(fields, source, lineNumber);
        }
    }

    private static bool IsHeader(string[] fields) =>
        fields.Length == HeaderFields.Length
        && fields.Select(f => f.Trim()).SequenceEqual(HeaderFields, StringComparer.OrdinalIgnoreCase);

    private static LineItem ParseLine(string[] fields, string source, int lineNumber)
    {
        if (fields.Length != HeaderFields.Length)
        {
            throw new LineItemCsvException(source, lineNumber, $"expected 3 fields ({string.Join(',', HeaderFields)}), found {fields.Length}");
        }
        return LineItemFields.TryCreate(fields[0].Trim(), fields[1].Trim(), fields[2].Trim(), out var item, out var error)
            ? item
            : throw new LineItemCsvException(source, lineNumber, error);
    }
}
