using CodeFirst.Grpc.Health;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CodeFirst.Orders.Server.Tests.Infrastructure;

/// <summary>
/// The order server in memory (<see cref="WebApplicationFactory{TEntryPoint}"/>, Development, the dev tokens) on a
/// SQLite file of its own, deleted on dispose; <see cref="Client(string?)"/> calls it through the .NET client runtime.
/// </summary>
public sealed class OrderServiceFactory : WebApplicationFactory<Program>
{
    /// <summary>Development tokens (appsettings.Development.json).</summary>
    public const string Alice = "dev-alice", Bob = "dev-bob", Admin = "dev-admin";

    private readonly Dictionary<string, string?> _settings;
    private readonly List<GrpcChannel> _channels = [];

    /// <param name="settings">Configuration to override (<c>Chat:ReaderBufferSize</c>...).</param>
    public OrderServiceFactory(IDictionary<string, string?>? settings = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("codefirst-orders-tests-").FullName;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Storage:Sqlite:Path"] = Path.Combine(DataDirectory, "orders.db"),
        };
    }

    /// <summary>The directory of the test's database.</summary>
    public string DataDirectory { get; }

    /// <summary>A client calling with <paramref name="token"/> (none when <see langword="null"/>).</summary>
    public IOrderService Client(string? token) => Channel(token).CreateGrpcService<IOrderService>();

    /// <summary>A client sending <paramref name="authorization"/> verbatim as its <c>authorization</c> header ("Basic x").</summary>
    public IOrderService ClientWithAuthorization(string authorization) =>
        Channel(CallCredentials.Create((headers, _) =>
        {
            headers.Add("authorization", authorization);
            return ValueTask.CompletedTask;
        })).CreateGrpcService<IOrderService>();

    /// <summary>A health client without credentials (health checks are anonymous).</summary>
    public IHealth Health() => Channel(token: null).CreateGrpcService<IHealth>();

    /// <summary>A channel to the in-memory server calling with <paramref name="token"/> (none when <see langword="null"/>).</summary>
    public GrpcChannel Channel(string? token) => Channel(token is null ? null : CallCredentials.FromBearerToken(token));

    /// <summary>A channel to the in-memory server calling with <paramref name="credentials"/>.</summary>
    public GrpcChannel Channel(CallCredentials? credentials)
    {
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = Server.CreateHandler(),
            Credentials = credentials,
        });
        lock (_channels)
        {
            _channels.Add(channel);
        }
        return channel;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (_channels)
        {
            _channels.ForEach(c => c.Dispose());
        }
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
