using System.CommandLine;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Commands;

/// <summary><c>get ID</c></summary>
internal sealed class GetCommand : CallCommand
{
    private readonly Argument<string> _id = new("id") { Description = "The order's id" };

    public GetCommand(GlobalOptions globals, Terminal terminal)
        : base("get", "Show one order", globals, terminal)
    {
        Arguments.Add(_id);
    }

    protected override async Task RunAsync(ParseResult parseResult, ClientSession session)
    {
        var request = new GetOrderRequest { Id = parseResult.GetRequiredValue(_id) };
        session.Printer.Order(await session.Orders.GetOrderAsync(request, session.UnaryCall()));
    }
}
