using System.Runtime.InteropServices;
using System.Text.Json;

namespace CodeFirst.Bench;

/// <summary>The machine and tool versions a run states beside its numbers.</summary>
public sealed record MachineInfo(string Cpu, int Cores, string Os, string Kernel, string DotNet, string LoadAverage, IReadOnlyDictionary<string, string> Versions)
{
    /// <summary>Reads them off this machine; npm packages from <paramref name="repo"/>'s node_modules.</summary>
    public static async Task<MachineInfo> ReadAsync(string repo)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? "Linux"
            : RuntimeInformation.OSDescription;
        var versions = new Dictionary<string, string>
        {
            ["h2load"] = await Tools.VersionAsync("h2load", "--version"),
            ["go"] = await Tools.VersionAsync("go", "version"),
            ["grpc-go"] = DebianPackageVersion("golang-google-grpc-dev"),
            ["node"] = await Tools.VersionAsync("node", "--version"),
            ["grpc-js"] = NpmVersion(repo, "@grpc/grpc-js"),
            ["python"] = await Tools.VersionAsync(Tools.DebianPython, "--version"),
            ["grpcio"] = await Tools.VersionAsync(Tools.DebianPython, "-c", "import grpc; print(grpc.__version__)"),
        };
        return new MachineInfo(cpu, Environment.ProcessorCount, os, ReadOrEmpty("/proc/sys/kernel/osrelease"), RuntimeInformation.FrameworkDescription,
            ReadOrEmpty("/proc/loadavg"), versions);
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "";

    private static string NpmVersion(string repo, string package)
    {
        var file = Path.Combine(repo, "node_modules", package, "package.json");
        if (!File.Exists(file))
        {
            return "not installed";
        }
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.GetProperty("version").GetString() ?? "";
    }

    private static string DebianPackageVersion(string package)
    {
        const string status = "/var/lib/dpkg/status";
        if (!File.Exists(status))
        {
            return "unknown";
        }
        var inPackage = false;
        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("Package: ", StringComparison.Ordinal))
            {
                inPackage = line == "Package: " + package;
            }
            else if (inPackage && line.StartsWith("Version: ", StringComparison.Ordinal))
            {
                return line[9..];
            }
        }
        return "not installed";
    }
}
