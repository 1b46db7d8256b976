using System.CommandLine;
using System.Threading.Channels;
using CodeFirst.Grpc;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Commands;

/// <summary>
/// <c>chat ORDER-ID</c>: joins the order's chat room, posts each line typed on stdin and prints every message the
/// room delivers (its recent history first, then our own messages among the others'). When stdin ends, our side of
/// the call is closed and the command ends once the server has ended the call; Ctrl+C leaves at once.
/// </summary>
internal sealed class ChatCommand : CallCommand
{
    /// <summary>After stdin ends, how long the server has to end the call before we leave anyway.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly Argument<string> _orderId = new("order-id") { Description = "The order whose chat room to join" };

    public ChatCommand(GlobalOptions globals, Terminal terminal)
        : base("chat", "Chat about an order: lines typed are posted, every message is printed", globals, terminal)
    {
        Arguments.Add(_orderId);
    }

    protected override async Task RunAsync(ParseResult parseResult, ClientSession session)
    {
        var orderId = parseResult.GetRequiredValue(_orderId);
        var outgoing = Channel.CreateUnbounded<ChatMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        outgoing.Writer.TryWrite(new ChatMessage { OrderId = orderId }); // empty text: joins without posting
        if (session.Terminal.InputIsTerminal)
        {
            session.Terminal.Error.WriteLine($"Chatting about order {orderId}. Type a message and press Enter; end input (Ctrl+D) or press Ctrl+C to leave.");
        }

        using var leave = CancellationTokenSource.CreateLinkedTokenSource(session.CancellationToken);
        var receiving = ReceiveAsync(session, outgoing.Reader, leave.Token);
        // Console.In reads synchronously: a thread of its own keeps it from holding up the call.
        var forwarding = Task.Run(() => ForwardInputAsync(session.Terminal.In, outgoing.Writer, orderId, session.CancellationToken));
        try
        {
            if (await Task.WhenAny(receiving, forwarding) == forwarding
                && await Task.WhenAny(receiving, Task.Delay(DrainTimeout, session.CancellationToken)) != receiving)
            {
                await leave.CancelAsync();
            }
            await receiving;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && leave.IsCancellationRequested)
        {
            // Ctrl+C, or a server that kept the call open after our side closed: leaving is what was asked for.
        }
        catch (OperationCanceledException) when (leave.IsCancellationRequested)
        {
        }
    }

    private static async Task ReceiveAsync(ClientSession session, ChannelReader<ChatMessage> outgoing, CancellationToken cancellationToken)
    {
        await foreach (var message in session.Orders.OrderChatAsync(outgoing.ReadAllAsync(), session.StreamingCall(cancellationToken: cancellationToken)))
        {
            session.Printer.ChatMessage(message);
        }
    }

    /// <summary>Posts each non-blank line; at the end of input, closes our side of the call.</summary>
    private static async Task ForwardInputAsync(TextReader input, ChannelWriter<ChatMessage> outgoing, string orderId, CancellationToken cancellationToken)
    {
        try
        {
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    outgoing.TryWrite(new ChatMessage { OrderId = orderId, Text = line });
                }
            }
            outgoing.TryComplete();
        }
        catch (Exception e)
        {
            outgoing.TryComplete(e); // fails the call with it, unless we are leaving anyway
        }
    }
}
