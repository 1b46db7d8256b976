using System.CommandLine;
using CodeFirst.Grpc;
using CodeFirst.Orders.Client.Input;
using CodeFirst.Orders.Client.Output;
using CodeFirst.Orders.Contracts;

namespace CodeFirst.Orders.Client.Commands;

/// <summary>
/// <c>upload ORDER-ID FILE.csv</c>: streams the file's line items to a pending order as they are read, so a file of
/// any size goes up in constant memory. A bad line stops the upload by cancelling the call, and the server stores
/// nothing of a cancelled stream.
/// </summary>
internal sealed class UploadCommand : CallCommand
{

    private readonly Argument<string> _orderId = new("order-id") { Description = "The pending order to add the items to" };

    private readonly Argument<FileInfo> _file = new Argument<FileInfo>("file")
    {
        Description = "CSV lines product_id,quantity,unit_price (an optional header line; blank lines are skipped)",
    }.AcceptExistingOnly();

    public UploadCommand(GlobalOptions globals, Terminal terminal)
        : base("upload", "Add the line items of a CSV file to a pending order", globals, terminal)
    {
        Arguments.Add(_orderId);
        Arguments.Add(_file);
    }

    protected override async Task RunAsync(ParseResult parseResult, ClientSession session)
    {
        var file = parseResult.GetRequiredValue(_file);
        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var reader = new StreamReader(stream);
        var items = LineItemCsv.ReadAsync(reader, file.Name, session.CancellationToken);
        var options = session.StreamingCall(new Metadata { { OrderHeaders.OrderId, parseResult.GetRequiredValue(_orderId) } });

        var summary = session.Terminal.ErrorIsTerminal && !session.Settings.Json
            ? await UploadProgress.RunAsync(session.Terminal.ErrorConsole, stream, items, tracked => session.Orders.UploadLineItemsAsync(tracked, options).AsTask())
            : await session.Orders.UploadLineItemsAsync(items, options);
        session.Printer.UploadSummary(summary);
    }
}
