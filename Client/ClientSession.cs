using CodeFirst.Grpc;
using CodeFirst.Grpc.Client;
using CodeFirst.Orders.Contracts;
using CodeFirst.Orders.Client.Output;

namespace CodeFirst.Orders.Client;

/// <summary>One run of a command: the channel to the server, the call options the global options ask for, and the printer.</summary>
internal sealed class ClientSession : IDisposable
{
    /// <summary>Single calls never hang a script: without <c>--timeout</c> they get this long.</summary>
    public static readonly TimeSpan DefaultUnaryTimeout = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel _channel;
    private readonly CallCredentials? _credentials;

    public ClientSession(ConnectionSettings settings, Terminal terminal, CancellationToken cancellationToken)
    {
        Settings = settings;
        Terminal = terminal;
        CancellationToken = cancellationToken;
        _channel = GrpcChannel.ForAddress(settings.Address);
        _credentials = settings.Token is { } token ? CallCredentials.FromBearerToken(token) : null;
        Orders = _channel.CreateGrpcService<IOrderService>();
        Printer = new ResultPrinter(terminal, settings.Json);
    }

    public ConnectionSettings Settings { get; }

    public Terminal Terminal { get; }

    /// <summary>Fires on Ctrl+C.</summary>
    public CancellationToken CancellationToken { get; }

    public IOrderService Orders { get; }

    public ResultPrinter Printer { get; }

    /// <summary>Options for a create, get or status call: always a deadline.</summary>
    public CallOptions UnaryCall() => Call(Settings.Timeout ?? DefaultUnaryTimeout, headers: null, CancellationToken);

    /// <summary>Options for a list, upload or chat call: a deadline over the whole call only when <c>--timeout</c> was given.</summary>
    public CallOptions StreamingCall(Metadata? headers = null, CancellationToken? cancellationToken = null) =>
        Call(Settings.Timeout, headers, cancellationToken ?? CancellationToken);

    public void Dispose() => _channel.Dispose();

    private CallOptions Call(TimeSpan? timeout, Metadata? headers, CancellationToken cancellationToken) => new()
    {
        Headers = headers,
        Deadline = timeout is { } t ? DateTime.UtcNow + t : null,
        CancellationToken = cancellationToken,
        Credentials = _credentials,
    };
}
