using System.CommandLine;
using System.CommandLine.Invocation;
using CodeFirst.Orders.Client.Commands;

namespace CodeFirst.Orders.Client;

/// <summary>The command line: the commands, the global options, and usage errors as exit code 2.</summary>
internal static class OrdersCli
{
    public static RootCommand CreateRootCommand(Terminal terminal)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("Command-line client of the CodeFirst order service (order.v1.OrderService).")
        {
            new CreateCommand(globals, terminal),
            new GetCommand(globals, terminal),
            new ListCommand(globals, terminal),
            new UploadCommand(globals, terminal),
            new ChatCommand(globals, terminal),
            new StatusCommand(globals, terminal),
        };
        globals.AddTo(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, Terminal terminal)
    {
        var root = CreateRootCommand(terminal);
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                terminal.Error.WriteLine("error: " + error.Message);
            }
            var command = parseResult.CommandResult.Command;
            terminal.Error.WriteLine($"See '{(command == root ? root.Name : $"{root.Name} {command.Name}")} --help'.");
            return ExitCodes.Usage;
        }
        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = terminal.Out, Error = terminal.Error });
    }
}
