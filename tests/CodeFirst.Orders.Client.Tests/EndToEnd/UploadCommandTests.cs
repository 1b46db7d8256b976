using System.Globalization;
using System.Text;

namespace CodeFirst.Orders.Client.Tests.EndToEnd;

/// <summary><c>upload</c> streams a CSV file's items into a pending order, all or nothing.</summary>
[TestClass]
public sealed class UploadCommandTests
{
    private const int Lines = 5000;

    [TestMethod]
    public async Task Uploads_5000_lines_and_prints_the_summary()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var alice = CliUser.Alice(server);
        var id = await alice.CreateOrderAsync("alice", "p-0:1:10");
        using var file = CsvFile.Write(Lines);

        var json = await alice.RunAsync("upload", id, file.Path, "--json");

        json.AssertSucceeded();
        var summary = json.JsonLines().Single();
        Assert.AreEqual(id, summary.GetProperty("orderId").GetString());
        Assert.AreEqual(Lines, summary.GetProperty("itemsReceived").GetInt32());
        Assert.AreEqual(10 + file.Total, summary.GetProperty("total").GetDouble(), 0.005);
        Assert.AreEqual("", json.StandardError, "No progress bar when stderr is not a terminal.");
        var order = await alice.RunJsonAsync("get", id);
        var stored = order.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("productId").GetString()).ToArray();
        CollectionAssert.AreEqual(new[] { "p-0" }.Concat(Enumerable.Range(0, Lines).Select(i => $"p-{i}")).ToArray(), stored, "Every line stored, in file order.");
        Assert.AreEqual(10 + file.Total, order.GetProperty("total").GetDouble(), 0.005);
    }

    [TestMethod]
    public async Task Human_summary_says_how_many_items_and_the_new_total()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var alice = CliUser.Alice(server);
        var id = await alice.CreateOrderAsync("alice", "p-0:1:10");
        using var file = CsvFile.Write(3, header: false);

        var result = await alice.RunAsync("upload", id, file.Path);

        result.AssertSucceeded();
        Assert.AreEqual(
            string.Create(CultureInfo.InvariantCulture, $"Uploaded 3 items to order {id}; its total is now {10 + file.Total:0.00}."),
            result.StandardOutput.Trim());
        Assert.AreEqual(4, (await alice.RunJsonAsync("get", id)).GetProperty("items").GetArrayLength(), "The first line is an item, not a header.");
    }

    [TestMethod]
    public async Task A_malformed_line_stops_the_upload_naming_the_line_and_nothing_is_stored()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var alice = CliUser.Alice(server);
        var id = await alice.CreateOrderAsync("alice", "p-0:1:10");
        using var file = CsvFile.Write(Lines, badLine: (4000, "p-x,two,1.00"));

        var result = await alice.RunAsync("upload", id, file.Path);

        result.AssertFailed();
        // Line 1 is the header, so the 4000th item is on line 4001.
        StringAssert.Contains(result.StandardError, $"{Path.GetFileName(file.Path)} line 4001: quantity 'two' is not a whole number");
        await AssertUnchangedAsync(alice, id);
    }

    [TestMethod]
    public async Task An_item_the_server_rejects_fails_the_upload_naming_the_field_and_nothing_is_stored()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var alice = CliUser.Alice(server);
        var id = await alice.CreateOrderAsync("alice", "p-0:1:10");
        using var file = CsvFile.Write(Lines, badLine: (2500, "p-x,0,1.00"));

        var result = await alice.RunAsync("upload", id, file.Path);

        result.AssertFailed();
        StringAssert.StartsWith(result.StandardError, "error: INVALID_ARGUMENT: ");
        StringAssert.Contains(result.StandardError, "    items[2499].quantity: ");
        await AssertUnchangedAsync(alice, id);
    }

    [TestMethod]
    public async Task Upload_to_an_order_that_is_not_pending_is_failed_precondition()
    {
        await using var server = await OrderServerProcess.StartAsync(new OrderServerProcessOptions());
        var alice = CliUser.Alice(server);
        var id = await alice.CreateOrderAsync("alice", "p-0:1:10");
        (await CliUser.Admin(server).RunAsync("status", id, "confirmed")).AssertSucceeded();
        using var file = CsvFile.Write(10);

        var result = await alice.RunAsync("upload", id, file.Path);

        result.AssertFailed();
        StringAssert.StartsWith(result.StandardError, "error: FAILED_PRECONDITION: ");
        await AssertUnchangedAsync(alice, id);
    }

    private static async Task AssertUnchangedAsync(CliUser user, string id)
    {
        var order = await user.RunJsonAsync("get", id);
        Assert.AreEqual(1, order.GetProperty("items").GetArrayLength(), "Nothing of a failed upload is stored.");
        Assert.AreEqual(10, order.GetProperty("total").GetDouble());
    }

    /// <summary>A generated upload file, deleted on dispose; prices are quarters, so the total is exact.</summary>
    private sealed class CsvFile : IDisposable
    {
        private CsvFile(string path, double total) => (Path, Total) = (path, total);

        public string Path { get; }

        public double Total { get; }

        public static CsvFile Write(int items, bool header = true, (int Item, string Text)? badLine = null)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"codefirst-upload-{Guid.NewGuid():N}.csv");
            var text = new StringBuilder();
            var total = 0.0;
            if (header)
            {
                text.Append("product_id,quantity,unit_price\n");
            }
            for (var i = 0; i < items; i++)
            {
                if (badLine is { } bad && bad.Item == i + 1)
                {
                    text.Append(bad.Text).Append('\n');
                    continue;
                }
                var quantity = i % 5 + 1;
                var price = i % 100 / 4.0;
                total += quantity * price;
                text.Append(CultureInfo.InvariantCulture, $"p-{i},{quantity},{price:0.00}\n");
            }
            File.WriteAllText(path, text.ToString());
            return new CsvFile(path, total);
        }

        public void Dispose() => File.Delete(Path);
    }
}
