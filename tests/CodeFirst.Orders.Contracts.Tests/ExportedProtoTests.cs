using CodeFirst.Grpc.Schema;
using CodeFirst.Testing;
using Google.Protobuf.Reflection;

namespace CodeFirst.Orders.Contracts.Tests;

/// <summary>The exported order.proto is committed, current, and describes the spec's wire contract.</summary>
[TestClass]
public sealed class ExportedProtoTests
{
    private const string OrderProto = "order/v1/order.proto";

    [TestMethod]
    public void Committed_protos_are_what_the_contracts_export()
    {
        var exported = ProtoSchema.Export(typeof(IOrderService).Assembly);

        Assert.AreEqual(OrderProto, exported.Single().Path);
        var committed = File.ReadAllText(RepoPaths.Combine("generated-protos/" + OrderProto)).ReplaceLineEndings("\n");
        Assert.AreEqual(committed, exported.Single().Content,
            "generated-protos/ is stale: run `dotnet cake --target=ExportProtos` (or the README's first command) and commit it.");
    }

    [TestMethod]
    public async Task Exported_proto_describes_the_same_contract_as_the_spec()
    {
        var exported = await Compile(RepoPaths.Combine("generated-protos"));
        var spec = await Compile(RepoPaths.Combine("tests/CodeFirst.Orders.Contracts.Tests/Spec"));

        Assert.AreEqual(DescriptorText.Describe(spec), DescriptorText.Describe(exported));
    }

    [TestMethod]
    public async Task Model_descriptor_matches_what_protoc_builds_from_the_exported_text()
    {
        // Server reflection serves the model's descriptors; they must mean what the .proto text means.
        var fromModel = ProtoSchema.GetFileDescriptors([typeof(IOrderService)]).Single();
        var fromProtoc = await Compile(RepoPaths.Combine("generated-protos"));

        Assert.AreEqual(DescriptorText.Describe(fromProtoc), DescriptorText.Describe(fromModel));
    }

    [TestMethod]
    public void Spec_copy_in_the_tests_is_the_shared_spec()
    {
        // The tests carry a copy of ../shared/spec/order/v1/order.proto so a clone stands alone;
        // where the shared folder is beside the checkout, the copy must not have drifted.
        if (RepoPaths.SharedSpec is not { } shared)
        {
            Assert.Inconclusive("Skipped: ../shared/spec is not beside this checkout.");
            return;
        }
        Assert.AreEqual(
            File.ReadAllText(Path.Combine(shared, "order", "v1", "order.proto")),
            File.ReadAllText(RepoPaths.Combine("tests/CodeFirst.Orders.Contracts.Tests/Spec/" + OrderProto)));
    }

    private static async Task<FileDescriptorProto> Compile(string root)
    {
        var set = await Protoc.DescriptorSetAsync(typeof(ExportedProtoTests).Assembly, root, OrderProto);
        return set.File.Single(f => f.Name == OrderProto);
    }
}
