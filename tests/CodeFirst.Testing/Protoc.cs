using System.Reflection;
using Google.Protobuf.Reflection;

namespace CodeFirst.Testing;

/// <summary>
/// The protoc that Grpc.Tools ships (its path is stamped into the test assembly as metadata
/// <c>ProtocPath</c>/<c>ProtoIncludePath</c> by the test project).
/// </summary>
public static class Protoc
{
    /// <summary>Compiles <paramref name="files"/> (relative to <paramref name="root"/>) into a descriptor set.</summary>
    public static async Task<FileDescriptorSet> DescriptorSetAsync(Assembly testAssembly, string root, params string[] files)
    {
        var protoc = ExternalTool.Require("protoc", "dotnet restore (Grpc.Tools ships it)", Metadata(testAssembly, "ProtocPath"));
        var output = Path.Combine(Path.GetTempPath(), $"codefirst-{Guid.NewGuid():N}.pb");
        try
        {
            var result = await ProcessRunner.RunAsync(protoc,
                ["-I", root, "-I", Metadata(testAssembly, "ProtoIncludePath"), "--include_imports", $"--descriptor_set_out={output}", .. files]);
            Assert.AreEqual(0, result.ExitCode, $"protoc failed:\n{result.Output}");
            return FileDescriptorSet.Parser.ParseFrom(await File.ReadAllBytesAsync(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no [AssemblyMetadata(\"{key}\")]; add it in the test project.");
}
