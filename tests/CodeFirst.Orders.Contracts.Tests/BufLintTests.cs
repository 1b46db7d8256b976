using CodeFirst.Testing;

namespace CodeFirst.Orders.Contracts.Tests;

/// <summary><c>buf lint</c> passes on generated-protos/ under its committed buf.yaml.</summary>
[TestClass]
public sealed class BufLintTests
{
    [TestMethod]
    public async Task Exported_protos_pass_buf_lint()
    {
        var buf = ExternalTool.Require("buf", "npm ci (in the repository root; package.json pins @bufbuild/buf)", "node_modules/.bin/buf", "buf");

        var result = await ProcessRunner.RunAsync(buf, ["lint"], RepoPaths.Combine("generated-protos"));

        Assert.AreEqual(0, result.ExitCode, $"buf lint failed:\n{result.Output}");
    }

    [TestMethod]
    public async Task Buf_lint_rejects_a_style_error()
    {
        // Guards the test above: a lint run that passes everything would prove nothing.
        var buf = ExternalTool.Require("buf", "npm ci (in the repository root; package.json pins @bufbuild/buf)", "node_modules/.bin/buf", "buf");
        var root = Directory.CreateTempSubdirectory("codefirst-buf-").FullName;
        try
        {
            File.Copy(RepoPaths.Combine("generated-protos/buf.yaml"), Path.Combine(root, "buf.yaml"));
            Directory.CreateDirectory(Path.Combine(root, "order", "v1"));
            var proto = File.ReadAllText(RepoPaths.Combine("generated-protos/order/v1/order.proto"))
                .Replace("string customer_id = 1;", "string customerId = 1;");
            File.WriteAllText(Path.Combine(root, "order", "v1", "order.proto"), proto);

            var result = await ProcessRunner.RunAsync(buf, ["lint"], root);

            Assert.AreNotEqual(0, result.ExitCode);
            StringAssert.Contains(result.Output, "should be lower_snake_case");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
