using System.Reflection;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Schema.Internal;
using Google.Protobuf.Reflection;

namespace CodeFirst.Grpc.Schema;

/// <summary>
/// Exports contracts as protobuf schema: <see cref="FileDescriptorProto"/>s built from the contract
/// model (what server reflection serves), and .proto text rendered from those descriptors (what
/// Go, Python and Node teams generate clients from).
/// </summary>
/// <example>
/// <code>
/// foreach (var file in ProtoSchema.Export(typeof(IOrderService).Assembly))
/// {
///     File.WriteAllText(Path.Combine("generated-protos", file.Path), file.Content);
/// }
/// </code>
/// </example>
public static class ProtoSchema
{
    /// <summary>
    /// The files describing <paramref name="roots"/> (service interfaces, message classes, enums) and every
    /// type they reach, one per .proto file, in dependency order. Well-known types
    /// (<c>google/protobuf/*.proto</c>) are imported, not included.
    /// </summary>
    /// <exception cref="InvalidContractException">A type is not a valid contract, or one file would mix packages.</exception>
    public static IReadOnlyList<FileDescriptorProto> GetFileDescriptors(IEnumerable<Type> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        return DescriptorBuilder.Build(roots);
    }

    /// <summary>The .proto files for every service interface and message class an assembly declares.</summary>
    /// <param name="assembly">The contracts assembly.</param>
    public static IReadOnlyList<ProtoFile> Export(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var roots = assembly.GetExportedTypes()
            .Where(t => (t.IsInterface && t.GetCustomAttribute<GrpcServiceAttribute>() is not null) || ContractModel.IsMessageType(t))
            .OrderBy(t => t.IsInterface ? 0 : 1)
            .ThenBy(t => t.FullName, StringComparer.Ordinal);
        var header = $"Exported by CodeFirst from {assembly.GetName().Name}. Do not edit: change the C# contracts and export again.";
        return GetFileDescriptors(roots).Select(f => new ProtoFile(f.Name, ProtoTextWriter.Write(f, header))).ToList();
    }

    /// <summary>Renders one file descriptor as .proto text.</summary>
    /// <param name="file">The file.</param>
    /// <param name="headerComment">An optional comment for the top of the file.</param>
    public static string Format(FileDescriptorProto file, string? headerComment = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ProtoTextWriter.Write(file, headerComment);
    }
}
