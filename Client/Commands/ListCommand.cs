using System.CommandLine;
using CodeFirst.Orders.Client.Input;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Commands;

/// <summary><c>list [--customer C] [--status pending|confirmed|shipped|cancelled] [--limit N]</c>, printed as the orders stream in.</summary>
internal sealed class ListCommand : CallCommand
{
    private readonly Option<string?> _customer = new("--customer")
    {
        Description = "Only this customer's orders",
    };

    private readonly Option<OrderStatus> _status = new("--status")
    {
        Description = "Only orders in this status",
        HelpName = OrderStatusText.Choices(OrderStatusText.Filterable),
        CustomParser = OrderStatusText.Parser(OrderStatusText.Filterable, "--status"),
    };

    private readonly Option<int> _limit = new("--limit")
    {
        Description = "At most this many orders (oldest first)",
        HelpName = "n",
    };

    public ListCommand(GlobalOptions globals, Terminal terminal)
        : base("list", "List orders, oldest first, printing each as it arrives", globals, terminal)
    {
        Options.Add(_customer);
        Options.Add(_status);
        Options.Add(_limit);
        _limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var limit and < 1)
            {
                result.AddError($"--limit must be at least 1, not {limit}.");
            }
        });
    }

    protected override async Task RunAsync(ParseResult parseResult, ClientSession session)
    {
        var request = new ListOrdersRequest
        {
            CustomerId = parseResult.GetValue(_customer) ?? "",
            Status = parseResult.GetValue(_status),
            Limit = parseResult.GetValue(_limit),
        };
        var count = 0;
        await foreach (var order in session.Orders.ListOrdersAsync(request, session.StreamingCall()))
        {
            session.Printer.ListedOrder(order);
            count++;
        }
        session.Printer.ListEnded(count);
    }
}
