using System.CommandLine;
using CodeFirst.Grpc;
using CodeFirst.Orders.Client.Input;
using CodeFirst.Orders.Client.Output;

namespace CodeFirst.Orders.Client.Commands;

/// <summary>
/// A command that calls the order server: runs <see cref="RunAsync"/> in a <see cref="ClientSession"/> and turns its
/// failures into output and an exit code, so each command only says what it calls and prints.
/// </summary>
internal abstract class CallCommand : Command
{
    protected CallCommand(string name, string description, GlobalOptions globals, Terminal terminal)
        : base(name, description)
    {
        SetAction((parseResult, cancellationToken) => InvokeAsync(parseResult, globals, terminal, cancellationToken));
    }

    /// <summary>The command's calls and printing; failures are left to the caller to report.</summary>
    protected abstract Task RunAsync(ParseResult parseResult, ClientSession session);

    private async Task<int> InvokeAsync(ParseResult parseResult, GlobalOptions globals, Terminal terminal, CancellationToken cancellationToken)
    {
        var settings = globals.Read(parseResult);
        using var session = new ClientSession(settings, terminal, cancellationToken);
        try
        {
            await RunAsync(parseResult, session);
            return ExitCodes.Success;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            terminal.Error.WriteLine("Interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (RpcException e)
        {
            ErrorPrinter.Write(terminal.Error, e, ErrorHints.For(e, settings), settings.Json);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is LineItemCsvException or IOException or UnauthorizedAccessException)
        {
            ErrorPrinter.Write(terminal.Error, e.Message, settings.Json);
            return ExitCodes.Failure;
        }
    }
}
