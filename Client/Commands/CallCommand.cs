using System.CommandLine;
using CodeFirst.Grpc;
using CodeFirst.Orders.Client.Input;
using CodeFirst.Orders.Client.Output;

namespace CodeFirst.Orders.Client.Commands;

/// <summary>
/// Runs a command's body in a <see cref="ClientSession"/> and turns its failures into output and an exit code, so
/// each command only says what it calls and prints.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult parseResult, GlobalOptions globals, Terminal terminal, CancellationToken cancellationToken, Func<ClientSession, Task> body)
    {
        var settings = globals.Read(parseResult);
        using var session = new ClientSession(settings, terminal, cancellationToken);
        try
        {
            await body(session);
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
