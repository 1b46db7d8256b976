using System.CommandLine;
using CodeFirst.Orders.Client.Input;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Commands;

/// <summary><c>status ID confirmed|shipped|cancelled</c> (admins only).</summary>
internal sealed class StatusCommand : CallCommand
{
    private readonly Argument<string> _id = new("id") { Description = "The order's id" };

    private readonly Argument<OrderStatus> _status = new("status")
    {
        Description = "The status to move the order to",
        HelpName = OrderStatusText.Choices(OrderStatusText.Targets),
        CustomParser = OrderStatusText.Parser(OrderStatusText.Targets, "status"),
    };

    public StatusCommand(GlobalOptions globals, Terminal terminal)
        : base("status", "Move an order to another status (admin only)", globals, terminal)
    {
        Arguments.Add(_id);
        Arguments.Add(_status);
    }

    protected override async Task RunAsync(ParseResult parseResult, ClientSession session)
    {
        var request = new UpdateOrderStatusRequest { Id = parseResult.GetRequiredValue(_id), Status = parseResult.GetRequiredValue(_status) };
        session.Printer.Order(await session.Orders.UpdateOrderStatusAsync(request, session.UnaryCall()));
    }
}
