using System.Reflection;
using System.Runtime.Loader;
using CodeFirst.Grpc.Schema;

namespace CodeFirst.Grpc.Tool;

/// <summary>Loads a contracts assembly and writes its .proto files.</summary>
internal static class ExportCommand
{
    public static int Run(FileInfo assemblyFile, DirectoryInfo outDirectory, TextWriter output, TextWriter error)
    {
        if (!assemblyFile.Exists)
        {
            error.WriteLine($"error: assembly {assemblyFile.FullName} does not exist (build the contracts project first).");
            return 2;
        }
        try
        {
            var assembly = Load(assemblyFile.FullName);
            foreach (var file in ProtoSchema.Export(assembly))
            {
                var path = Path.Combine(outDirectory.FullName, file.Path.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
                output.WriteLine($"exported {file.Path}");
            }
            return 0;
        }
        catch (InvalidContractException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static Assembly Load(string path)
    {
        // The contracts' own dependencies resolve from beside them; the runtime (CodeFirst.Grpc) is
        // shared with this tool, so its attributes are the ones the model looks for.
        var resolver = new AssemblyDependencyResolver(path);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            resolver.ResolveAssemblyToPath(name) is { } dependency ? context.LoadFromAssemblyPath(dependency) : null;
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }
}
