using CodeFirst.Orders.Client.Input;

namespace CodeFirst.Orders.Client.Tests;

/// <summary>The upload file: <c>product_id,quantity,unit_price</c> lines, read lazily, a bad line named by its number.</summary>
[TestClass]
public sealed class LineItemCsvTests
{
    [TestMethod]
    public async Task Reads_items_after_an_optional_header()
    {
        var withHeader = await ReadAsync("product_id,quantity,unit_price\np-1,2,29.99\np-2,1,0.5\n");
        var withoutHeader = await ReadAsync("p-1,2,29.99\r\np-2,1,0.5");

        foreach (var items in new[] { withHeader, withoutHeader })
        {
            Assert.HasCount(2, items);
            Assert.AreEqual(("p-1", 2, 29.99), (items[0].ProductId, items[0].Quantity, items[0].UnitPrice));
            Assert.AreEqual(("p-2", 1, 0.5), (items[1].ProductId, items[1].Quantity, items[1].UnitPrice));
        }
    }

    [TestMethod]
    public async Task Header_is_recognised_in_any_case_with_spaces_and_after_blank_lines()
    {
        var items = await ReadAsync("\n  \n Product_ID , QUANTITY , Unit_Price\np-1,2,3\n");

        Assert.AreEqual("p-1", items.Single().ProductId);
    }

    [TestMethod]
    public async Task Blank_lines_are_skipped_and_fields_trimmed()
    {
        var items = await ReadAsync("p-1, 2 , 3.5\n\n   \np-2,4,5\n\n");

        CollectionAssert.AreEqual(new[] { "p-1", "p-2" }, items.Select(i => i.ProductId).ToArray());
        Assert.AreEqual(2, items[0].Quantity);
        Assert.AreEqual(3.5, items[0].UnitPrice);
    }

    [TestMethod]
    [DataRow("p-1,2,3\n\np-2,x,3\n", 3, "quantity 'x' is not a whole number")]
    [DataRow("product_id,quantity,unit_price\np-1,2,3\np-2,2\n", 3, "expected 3 fields")]
    [DataRow("p-1,2,3\np-2,2,3,4\n", 2, "found 4")]
    [DataRow("p-1,2,abc\n", 1, "unit price 'abc' is not a number")]
    [DataRow("p-1,2,3\nproduct_id,quantity,unit_price\n", 2, "quantity 'quantity' is not a whole number")] // a header only comes first
    public async Task Bad_line_fails_naming_the_file_and_line_number(string text, int lineNumber, string problem)
    {
        var e = await Assert.ThrowsExactlyAsync<LineItemCsvException>(() => ReadAsync(text));

        Assert.AreEqual(lineNumber, e.LineNumber);
        StringAssert.StartsWith(e.Message, $"items.csv line {lineNumber}: ");
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public async Task Items_before_a_bad_line_are_yielded_first()
    {
        var seen = new List<string>();

        await Assert.ThrowsExactlyAsync<LineItemCsvException>(async () =>
        {
            await foreach (var item in LineItemCsv.ReadAsync(new StringReader("p-1,1,1\np-2,1,1\nbad\n"), "items.csv"))
            {
                seen.Add(item.ProductId);
            }
        });

        CollectionAssert.AreEqual(new[] { "p-1", "p-2" }, seen);
    }

    [TestMethod]
    public async Task Reads_lazily_from_an_endless_source()
    {
        using var endless = new EndlessCsv();
        var first = new List<LineItem>();

        await foreach (var item in LineItemCsv.ReadAsync(endless, "endless.csv"))
        {
            first.Add(item);
            if (first.Count == 3)
            {
                break;
            }
        }

        CollectionAssert.AreEqual(new[] { "p-1", "p-2", "p-3" }, first.Select(i => i.ProductId).ToArray());
        Assert.IsLessThanOrEqualTo(4, endless.LinesRead, "Lines are read as items are asked for, not ahead.");
    }

    private static async Task<List<LineItem>> ReadAsync(string text)
    {
        var items = new List<LineItem>();
        await foreach (var item in LineItemCsv.ReadAsync(new StringReader(text), "items.csv"))
        {
            items.Add(item);
        }
        return items;
    }

    /// <summary>A header, then item lines forever.</summary>
    private sealed class EndlessCsv : TextReader
    {
        public int LinesRead { get; private set; }

        public override string ReadLine() => LinesRead++ == 0 ? "product_id,quantity,unit_price" : $"p-{LinesRead - 1},1,1.00";

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(ReadLine());
    }
}
