using Spectre.Console;

namespace CodeFirst.Orders.Client;

/// <summary>
/// Where a command reads and writes: the process's console when run, string readers and writers in tests.
/// Results go to <see cref="Out"/>; errors, hints and the progress bar to <see cref="Error"/>.
/// </summary>
internal sealed class Terminal(TextReader input, TextWriter output, TextWriter error, bool inputIsTerminal = false, bool outputIsTerminal = false, bool errorIsTerminal = false)
{
    private IAnsiConsole? _outConsole;
    private IAnsiConsole? _errorConsole;

    public static Terminal FromConsole() =>
        new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected, !Console.IsOutputRedirected, !Console.IsErrorRedirected);

    public TextReader In { get; } = input;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Someone is typing: worth a prompt.</summary>
    public bool InputIsTerminal => inputIsTerminal;

    /// <summary>Someone is watching standard error: worth a progress bar.</summary>
    public bool ErrorIsTerminal => errorIsTerminal;

    /// <summary>Tables on standard output; plain text (no escape codes) when it is redirected.</summary>
    public IAnsiConsole OutConsole => _outConsole ??= CreateConsole(Out, outputIsTerminal);

    /// <summary>Live displays (the upload's progress bar) on standard error.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole ??= CreateConsole(Error, errorIsTerminal);

    // Spectre decides on colours from TERM alone, so a redirected stream is told explicitly.
    private static IAnsiConsole CreateConsole(TextWriter writer, bool isTerminal) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
    });
}
