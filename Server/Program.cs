using CodeFirst.Grpc;
using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Grpc.AspNetCore.Health;
using CodeFirst.Grpc.AspNetCore.Reflection;
using CodeFirst.Orders.Server.Auth;
using CodeFirst.Orders.Server.Chat;
using CodeFirst.Orders.Server.Hosting;
using CodeFirst.Orders.Server.Orders;
using CodeFirst.Orders.Server.Storage;

// The order service (SPEC.md section 3). Configuration: appsettings.json, appsettings.{Environment}.json and
// environment variables (Auth__Tokens__0__Subject=...), as in any ASP.NET Core app; see docs/operations.md.
var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
builder.Services.Configure<StorageOptions>(builder.Configuration.GetSection(StorageOptions.Section));
builder.Services.Configure<ChatOptions>(builder.Configuration.GetSection(ChatOptions.Section));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<TokenAuthenticator>();
builder.Services.AddSingleton<BearerTokenInterceptor>(); // stateless: one for every call
builder.Services.AddSingleton<SqliteOrderStore>();
builder.Services.AddSingleton<IOrderStore>(services => services.GetRequiredService<SqliteOrderStore>());
builder.Services.AddSingleton<ChatRooms>();
builder.Services.AddSingleton<OrderService>();
builder.Services.AddCodeFirstGrpc(options => options.Interceptors.Add<BearerTokenInterceptor>()).AddGrpcHealth();
builder.AddBrowserAccess(); // gRPC-Web, CORS and the dashboard (GrpcWeb:*, Web:*)

var app = builder.Build();
if (StartupChecks.Problems(app.Configuration, app.Environment) is { Count: > 0 } problems)
{
    Console.Error.WriteLine($"The order service will not start ({app.Environment.EnvironmentName}):");
    problems.ForEach(problem => Console.Error.WriteLine($"  - {problem}"));
    return 1;
}
try
{
    // Open (create, migrate) the store and read the tokens now: a bad path or token fails the start, not a call.
    app.Services.GetRequiredService<IOrderStore>();
    app.Services.GetRequiredService<TokenAuthenticator>();
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"The order service will not start: {e.Message}");
    return 1;
}

app.UseBrowserAccess();
// Browsers may call the order service and health (when GrpcWeb:Enabled); reflection stays native gRPC only.
app.MapGrpcService<OrderService>().EnableGrpcWeb();
app.MapGrpcHealthService().EnableGrpcWeb();
app.MapGrpcReflectionService();
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, Console.Out));
app.Lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<ChatRooms>().CloseAll(
    new RpcException(StatusCode.Unavailable, "The server is shutting down; reopen the chat to continue.")));
app.Run();
return 0;

/// <summary>The server's entry point (public for <c>WebApplicationFactory</c> in the tests).</summary>
public partial class Program;
