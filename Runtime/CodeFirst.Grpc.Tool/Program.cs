using System.CommandLine;
using CodeFirst.Grpc.Tool;

var assemblyOption = new Option<FileInfo>("--assembly")
{
    Description = "The contracts assembly (.dll) to export.",
    Required = true,
};
var outOption = new Option<DirectoryInfo>("--out")
{
    Description = "The proto root to write into (files are written at their package paths; other files are left alone).",
    Required = true,
};
var export = new Command("export", "Export the gRPC services and messages of a contracts assembly as .proto files.")
{
    assemblyOption,
    outOption,
};
export.SetAction(result => ExportCommand.Run(result.GetValue(assemblyOption)!, result.GetValue(outOption)!, Console.Out, Console.Error));

var root = new RootCommand("CodeFirst gRPC tools.") { export };
return root.Parse(args).Invoke();
