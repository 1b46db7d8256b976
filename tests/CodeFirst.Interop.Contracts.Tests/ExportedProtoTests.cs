using CodeFirst.Grpc.Schema;
using CodeFirst.Testing;
using Google.Protobuf.Reflection;

namespace CodeFirst.Interop.Contracts.Tests;

/// <summary>
/// The committed interop proto (tests/Interop/protos, what the Go, Python and Node peers generate from)
/// is current, compiles, and is upstream grpc's grpc.testing contract.
/// </summary>
[TestClass]
public sealed class ExportedProtoTests
{
    private const string ExportCommand =
        "dotnet build tests/CodeFirst.Interop.Contracts && dotnet run --project Runtime/CodeFirst.Grpc.Tool -- export "
        + "--assembly tests/CodeFirst.Interop.Contracts/bin/Debug/net10.0/CodeFirst.Interop.Contracts.dll --out tests/Interop/protos";

    [TestMethod]
    public void Committed_proto_is_what_the_contracts_export()
    {
        var exported = ProtoSchema.Export(typeof(ITestService).Assembly);

        Assert.AreEqual(Interop.ProtoFile, exported.Single().Path);
        var committed = File.ReadAllText(RepoPaths.Combine("tests/Interop/protos/" + Interop.ProtoFile)).ReplaceLineEndings("\n");
        Assert.AreEqual(committed, exported.Single().Content, $"tests/Interop/protos is stale: run `{ExportCommand}` and commit it.");
    }

    [TestMethod]
    public async Task Exported_proto_describes_the_same_contract_as_upstream()
    {
        var exported = await Compile(RepoPaths.Combine("tests/Interop/protos"));
        var upstream = await Compile(RepoPaths.Combine("tests/CodeFirst.Interop.Contracts.Tests/Spec"));

        Assert.AreEqual(DescriptorText.Describe(upstream), DescriptorText.Describe(exported));
    }

    [TestMethod]
    public async Task Model_descriptor_matches_what_protoc_builds_from_the_exported_text()
    {
        var fromModel = ProtoSchema.GetFileDescriptors([typeof(ITestService), typeof(IUnimplementedService), typeof(IReconnectService)]).Single();
        var fromProtoc = await Compile(RepoPaths.Combine("tests/Interop/protos"));

        Assert.AreEqual(DescriptorText.Describe(fromProtoc), DescriptorText.Describe(fromModel));
    }

    private static async Task<FileDescriptorProto> Compile(string root)
    {
        var set = await Protoc.DescriptorSetAsync(typeof(ExportedProtoTests).Assembly, root, Interop.ProtoFile);
        return set.File.Single(f => f.Name == Interop.ProtoFile);
    }
}
