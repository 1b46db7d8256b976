using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using CodeFirst.Benchmarks;

// Fail before any timing if the two codecs disagree on the bytes of either data set.
string dataSets;
try
{
    dataSets = ParityCheck.VerifyAll();
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine("Parity check failed: " + e.Message);
    return 2;
}
Console.WriteLine($"Parity check passed: CodeFirst and Google.Protobuf produce identical bytes ({dataSets}).");

// Results go next to this project (not the caller's working directory) unless --artifacts says otherwise.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(ProjectDirectory(), "BenchmarkDotNet.Artifacts"));

// BenchmarkSwitcher takes the usual BenchmarkDotNet arguments: --filter '*', --job short, --list flat, ...
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

static string ProjectDirectory()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "CodeFirst.Benchmarks.csproj")))
        {
            return directory.FullName;
        }
    }
    return Directory.GetCurrentDirectory();
}
