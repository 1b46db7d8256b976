using System.CommandLine;
using System.CommandLine.Parsing;
using CodeFirst.Orders.Client.Input;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Commands;

/// <summary><c>create --customer C --item p-1:2:29.99 [--item ...] [--request-id R]</c></summary>
internal sealed class CreateCommand : CallCommand
{
    private readonly Option<string> _customer = new("--customer")
    {
        Description = "The customer the order is for",
        Required = true,
    };

    private readonly Option<List<LineItem>> _items = new("--item")
    {
        Description = "A line item, e.g. p-1:2:29.99 (product, quantity, unit price); repeat for more",
        HelpName = ItemSpec.Syntax,
        Required = true,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = ParseItems,
    };

    private readonly Option<string?> _requestId = new("--request-id")
    {
        Description = "Idempotency key: repeating the create with the same key returns the order first created",
    };

    public CreateCommand(GlobalOptions globals, Terminal terminal)
        : base("create", "Create an order", globals, terminal)
    {
        Options.Add(_customer);
        Options.Add(_items);
        Options.Add(_requestId);
    }

    protected override async Task RunAsync(ParseResult parseResult, ClientSession session)
    {
        var request = new CreateOrderRequest
        {
            CustomerId = parseResult.GetRequiredValue(_customer),
            Items = parseResult.GetRequiredValue(_items),
            RequestId = parseResult.GetValue(_requestId) ?? "",
        };
        session.Printer.Order(await session.Orders.CreateOrderAsync(request, session.UnaryCall()));
    }

    private static List<LineItem> ParseItems(ArgumentResult result)
    {
        var items = new List<LineItem>();
        foreach (var token in result.Tokens)
        {
            if (ItemSpec.TryParse(token.Value, out var item, out var error))
            {
                items.Add(item);
            }
            else
            {
                result.AddError(error);
            }
        }
        return items;
    }
}
