// The Bench target's harness. Usually run through `dotnet cake --target=Bench` (see benchmarks/README.md), which
// builds it, installs the peers and exports the Greeter proto first. Directly:
//   dotnet benchmarks/Runner/bin/Release/net10.0/CodeFirst.Bench.dll run --repo . --protos artifacts/bench/protos [options]
//   dotnet .../CodeFirst.Bench.dll client --address http://127.0.0.1:PORT --shape unary|stream|duplex   (one .NET client load)
//   dotnet .../CodeFirst.Bench.dll report --results artifacts/bench/results.json [--report FILE --chart FILE]
//     (writes the table and chart again from a run's results, after a change to the report's layout)
using CodeFirst.Bench;

try
{
    var options = new Options(args);
    return options.Command switch
    {
        "run" => await BenchRun.MainAsync(options),
        "client" => await ClientLoad.MainAsync(options),
        "report" => BenchRun.Republish(options),
        _ => throw new ArgumentException($"unknown command '{options.Command}': run or client"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("usage error: " + e.Message);
    return 2;
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine("bench failed: " + e.Message);
    return 1;
}
