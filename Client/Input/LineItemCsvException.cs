namespace CodeFirst.Orders.Client.Input;

/// <summary>A line of an upload file that is not a line item; the message names the file and the line.</summary>
internal sealed class LineItemCsvException(string source, int lineNumber, string problem)
    : FormatException($"{source} line {lineNumber}: {problem}")
{
    /// <summary>1-based, counting blank lines and the header.</summary>
    public int LineNumber { get; } = lineNumber;
}
