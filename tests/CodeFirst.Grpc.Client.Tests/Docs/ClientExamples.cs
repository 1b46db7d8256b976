// The code blocks of docs/client.md, compiled and run by DocsExampleTests. Each method's body is the block, with
// the addresses, certificates and tokens the page writes as literals passed in instead; what the page prints,
// these methods return.
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using CodeFirst.Grpc.ErrorDetails;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.Client.Tests.Docs;

public static class ClientExamples
{
    // ## Creating a channel and a client

    public static async Task<string> PlaintextAsync(string address)
    {
        using var channel = GrpcChannel.ForAddress(address);          // "http://localhost:50051": h2c
        var greeter = channel.CreateGrpcService<IGreeter>();
        var reply = await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" });
        return reply.Message;                                           // "Hello Ada"
    }

    public static GrpcChannel WithPrivateCa(string address, X509Certificate2 ca) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions         // "https://greeter.internal:5001"
        {
            ConfigureHttpHandler = handler => handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,         // this CA only, not the system's roots
                CustomTrustStore = { ca },                              // X509CertificateLoader.LoadCertificateFromFile("ca.crt")
                RevocationMode = X509RevocationMode.NoCheck,            // a private CA without revocation lists
            },
        });

    public static GrpcChannel SeveralAddresses(Uri first, Uri second) =>
        GrpcChannel.ForAddresses([first, second], new GrpcChannelOptions   // http://10.0.0.7:50051, http://10.0.0.8:50051
        {
            ServiceConfig = new ServiceConfig { LoadBalancingPolicy = LoadBalancingPolicy.RoundRobin },
        });

    public static GrpcChannel Dns(string target) =>
        GrpcChannel.ForAddress(target, new GrpcChannelOptions          // "dns:///greeter.internal:50051"
        {
            ServiceConfig = new ServiceConfig { LoadBalancingPolicy = LoadBalancingPolicy.RoundRobin },
            DnsRefreshInterval = TimeSpan.FromSeconds(30),
        });

    // ## The four call shapes

    public static async Task<HelloReply> UnaryAsync(IGreeter greeter)
    {
        HelloReply reply = await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" });
        return reply;
    }

    public static async Task<List<string>> ServerStreamingAsync(IGreeter greeter)
    {
        var messages = new List<string>();
        await foreach (var hello in greeter.SayHellosAsync(new HelloRequest { Name = "Ada", Count = 3 }))
        {
            messages.Add(hello.Message);                                // "Hello Ada #1", "#2", "#3"
        }
        return messages;
    }

    public static async Task<string> StopReadingAsync(IGreeter greeter)
    {
        await foreach (var hello in greeter.SayHellosAsync(new HelloRequest { Name = "Ada", Count = 1_000_000 }))
        {
            if (hello.Message.EndsWith("#10", StringComparison.Ordinal))
            {
                return hello.Message;                                   // leaving the loop cancels the call
            }
        }
        return "";
    }

    public static async Task<string> ClientStreamingAsync(IGreeter greeter)
    {
        static async IAsyncEnumerable<HelloRequest> Names()
        {
            yield return new HelloRequest { Name = "Ada" };
            await Task.Delay(10);
            yield return new HelloRequest { Name = "Grace" };
        }
        var everyone = await greeter.GreetEveryoneAsync(Names());      // "Hello Ada, Grace"
        return everyone.Message;
    }

    public static async Task<List<string>> DuplexAsync(IGreeter greeter)
    {
        var requests = Channel.CreateUnbounded<HelloRequest>();
        requests.Writer.TryWrite(new HelloRequest { Name = "Ada" });
        var replies = new List<string>();
        await foreach (var hello in greeter.ChatAsync(requests.Reader.ReadAllAsync()))
        {
            replies.Add(hello.Message);
            if (replies.Count == 1)
            {
                requests.Writer.TryWrite(new HelloRequest { Name = "Grace" });   // answer as replies arrive
            }
            else
            {
                requests.Writer.Complete();                             // ends the request stream; the server ends the call
            }
        }
        return replies;                                                 // "Hello Ada", "Hello Grace"
    }

    // ## Call options, response headers and trailers

    public static async Task<(string Reply, string? ServedBy, string? Cost, StatusCode? Status)> CallOptionsAsync(
        IGreeter greeter, string token, CancellationToken cancellationToken)
    {
        var context = new CallContext(new CallOptions
        {
            Headers = new Metadata { { "tenant", "acme" }, { "trace-bin", new byte[] { 1, 2, 3 } } },
            Deadline = DateTime.UtcNow.AddSeconds(5),
            CancellationToken = cancellationToken,
            Compression = "gzip",
            Credentials = CallCredentials.FromBearerToken(token),
        }, CallContextFlags.CaptureMetadata);

        var reply = await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" }, context);

        Metadata headers = await context.ResponseHeadersAsync();       // complete once headers arrived
        string? servedBy = headers.GetValue("served-by");
        string? cost = context.ResponseTrailers.GetValue("cost");      // once the call has ended
        StatusCode? status = context.ResponseStatus?.StatusCode;       // OK
        return (reply.Message, servedBy, cost, status);
    }

    public static async Task<HelloReply> ShorthandsAsync(IGreeter greeter, CancellationToken cancellationToken)
    {
        await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" }, new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(5) });
        return await greeter.SayHelloAsync(new HelloRequest { Name = "Ada" }, cancellationToken);
    }

    public static GrpcChannel ChannelDefaults(string address, string token) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            DefaultTimeout = TimeSpan.FromSeconds(10),                  // for calls that set no deadline
            Compression = "gzip",
            Credentials = CallCredentials.FromBearerToken(token),
        });

    // ## Errors

    public static async Task<string> ErrorDetailsAsync(IGreeter greeter)
    {
        try
        {
            await greeter.SayHelloAsync(new HelloRequest { Name = "" });
            return "";
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            var reason = e.GetDetail<ErrorInfo>()?.Reason;                          // "NAME_REQUIRED"
            var fields = e.GetDetail<BadRequest>()?.FieldViolations.Select(v => $"{v.Field}: {v.Description}") ?? [];
            return $"{e.Status.Detail} ({reason}; {string.Join("; ", fields)})";   // "name is required (NAME_REQUIRED; name: must not be empty)"
        }
    }

    public static async Task<string> FailuresAsync(IGreeter greeter, HelloRequest request, CallContext context)
    {
        try
        {
            return (await greeter.SayHelloAsync(request, context)).Message;
        }
        catch (RpcException e)
        {
            return e.StatusCode switch
            {
                StatusCode.Unavailable => "unreachable",                // no connection, connection lost, or the server said so
                StatusCode.DeadlineExceeded => "too slow",              // the deadline passed
                StatusCode.Cancelled => "cancelled",                    // our token fired
                _ => e.Status.Detail,
            };
        }
    }

    // ## Retries

    public static GrpcChannel WithRetries(string address) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { new MethodName("greet.v1.Greeter") },  // every method of the service
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = 4,                            // the first attempt and 3 retries
                            InitialBackoff = TimeSpan.FromMilliseconds(100),
                            MaxBackoff = TimeSpan.FromSeconds(2),
                            BackoffMultiplier = 2,
                            RetryableStatusCodes = { StatusCode.Unavailable },
                        },
                    },
                    new MethodConfig
                    {
                        Names = { new MethodName("greet.v1.Greeter", "Chat") },  // more specific: wins for Chat
                        RetryPolicy = null,                             // never retried
                    },
                },
            },
        });

    // ## Load balancing

    public static GrpcChannel HealthChecked(Uri[] replicas) =>
        GrpcChannel.ForAddresses(replicas, new GrpcChannelOptions
        {
            ServiceConfig = new ServiceConfig
            {
                LoadBalancingPolicy = LoadBalancingPolicy.RoundRobin,
                HealthCheckServiceName = "greet.v1.Greeter",            // "": the server as a whole
            },
            InitialReconnectBackoff = TimeSpan.FromSeconds(1),
            MaxReconnectBackoff = TimeSpan.FromSeconds(30),
        });

    // ## Interceptors

    public static GrpcChannel WithInterceptor(string address, Action<string> log) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            Interceptors = { new TimingInterceptor(log) },
        });

    // ## Message sizes and keep-alive

    public static GrpcChannel WithLimits(string address) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 16 * 1024,                          // responses: default 4 MiB
            MaxSendMessageSize = 1024 * 1024,                           // requests: default unlimited
            KeepAlivePingDelay = TimeSpan.FromMinutes(1),               // PING after 1 min without frames, during calls
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),            // close the connection when unanswered
        });

    // ## Channel lifetime

    public static IServiceCollection Register(IServiceCollection services, string address) =>
        services
            .AddSingleton(_ => GrpcChannel.ForAddress(address))         // "http://greeter:50051"; disposed with the container
            .AddSingleton(provider => provider.GetRequiredService<GrpcChannel>().CreateGrpcService<IGreeter>());
}

public sealed class TimingInterceptor(Action<string> log) : ClientInterceptor
{
    public override async ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(
        TRequest request, ClientCallContext context, UnaryClientMethod<TRequest, TResponse> next)
    {
        context.RequestHeaders.Add("x-client", "billing");
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await next(request, context);                       // every attempt of the call
        }
        finally
        {
            log($"{context.Method.Path}: {context.Status?.StatusCode} after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        }
    }
}
