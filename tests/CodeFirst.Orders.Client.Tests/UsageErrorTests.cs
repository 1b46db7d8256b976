namespace CodeFirst.Orders.Client.Tests;

/// <summary>A wrong command line exits 2 with a message naming what is wrong, and sends nothing.</summary>
[TestClass]
public sealed class UsageErrorTests
{
    // Nothing listens here: a usage error must be reported before any call is tried.
    private const string NoServer = "http://127.0.0.1:9";

    [TestMethod]
    [DataRow(new[] { "create", "--customer", "alice", "--item", "p-1:2" }, "--item 'p-1:2' is not PRODUCT:QUANTITY:UNIT_PRICE")]
    [DataRow(new[] { "create", "--customer", "alice", "--item", "p-1:2:1", "--item", "p-2:many:1" }, "--item 'p-2:many:1': quantity 'many' is not a whole number")]
    [DataRow(new[] { "create", "--item", "p-1:2:1" }, "--customer")]
    [DataRow(new[] { "create", "--customer", "alice" }, "--item")]
    [DataRow(new[] { "list", "--status", "lost" }, "--status 'lost' is not one of pending|confirmed|shipped|cancelled")]
    [DataRow(new[] { "list", "--limit", "0" }, "--limit must be at least 1")]
    [DataRow(new[] { "status", "o-1", "pending" }, "status 'pending' is not one of confirmed|shipped|cancelled")]
    [DataRow(new[] { "upload", "o-1", "/no/such/file.csv" }, "/no/such/file.csv")]
    [DataRow(new[] { "get", "o-1", "--timeout", "-1" }, "--timeout must be a positive number of seconds")]
    [DataRow(new[] { "get", "o-1", "--address", "localhost:50051" }, "--address 'localhost:50051' is not an http:// or https:// address")]
    [DataRow(new[] { "get" }, "Required argument missing")]
    [DataRow(new string[0], "Required command was not provided")]
    public async Task Exits_2_naming_the_problem(string[] args, string expected)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] withAddress = args.Contains("--address") ? args : [.. args, "--address", NoServer];

        var exitCode = await OrdersCli.RunAsync(withAddress, new Terminal(TextReader.Null, output, error));

        Assert.AreEqual(ExitCodes.Usage, exitCode, error.ToString());
        StringAssert.Contains(error.ToString(), expected);
        StringAssert.Contains(error.ToString(), "--help");
        Assert.AreEqual("", output.ToString());
    }
}
