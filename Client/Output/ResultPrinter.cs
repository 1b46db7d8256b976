using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Output;

/// <summary>Results on stdout: for people (<see cref="OrderFormatter"/>) or, with <c>--json</c>, one JSON object per line (<see cref="ProtoJson"/>).</summary>
internal sealed class ResultPrinter(Terminal terminal, bool json)
{
    private bool _listStarted;

    public void Order(Order order)
    {
        if (json)
        {
            terminal.Out.WriteLine(ProtoJson.Format(order));
        }
        else
        {
            terminal.OutConsole.Write(OrderFormatter.Order(order));
        }
    }

    /// <summary>One order of a streamed list, written as soon as it arrives.</summary>
    public void ListedOrder(Order order)
    {
        if (json)
        {
            terminal.Out.WriteLine(ProtoJson.Format(order));
            return;
        }
        if (!_listStarted)
        {
            terminal.Out.WriteLine(OrderFormatter.ListHeader());
            _listStarted = true;
        }
        terminal.Out.WriteLine(OrderFormatter.ListRow(order));
    }

    /// <summary>After the list: people are told when there was nothing (a script sees no lines).</summary>
    public void ListEnded(int count)
    {
        if (!json && count == 0)
        {
            terminal.Out.WriteLine("No orders.");
        }
    }

    public void ChatMessage(ChatMessage message) =>
        terminal.Out.WriteLine(json ? ProtoJson.Format(message) : OrderFormatter.ChatLine(message));

    public void UploadSummary(UploadSummary summary) =>
        terminal.Out.WriteLine(json ? ProtoJson.Format(summary) : OrderFormatter.UploadSummary(summary));
}
