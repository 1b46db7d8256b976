namespace CodeFirst.Grpc.Contracts;

/// <summary>How a service method takes its request(s): one message, or an <see cref="IAsyncEnumerable{T}"/>.</summary>
public enum RequestForm
{
    /// <summary>One message.</summary>
    Message,
    /// <summary><see cref="IAsyncEnumerable{T}"/> of messages.</summary>
    Stream,
}

/// <summary>How a service method returns its response(s).</summary>
public enum ResponseForm
{
    /// <summary><see cref="Task{TResult}"/> of one message.</summary>
    Task,
    /// <summary><see cref="ValueTask{TResult}"/> of one message.</summary>
    ValueTask,
    /// <summary><see cref="IAsyncEnumerable{T}"/> of messages.</summary>
    Stream,
}

/// <summary>What a service method takes after its request: nothing, a <see cref="CallContext"/>, or a <see cref="CancellationToken"/>.</summary>
public enum ContextForm
{
    /// <summary>No second parameter.</summary>
    None,
    /// <summary>A <see cref="Grpc.CallContext"/>.</summary>
    CallContext,
    /// <summary>A <see cref="System.Threading.CancellationToken"/>.</summary>
    CancellationToken,
}

/// <summary>One supported C# method signature and the gRPC call type it maps to.</summary>
/// <param name="Type">The gRPC call type.</param>
/// <param name="Request">How the request is taken.</param>
/// <param name="Response">How the response is returned.</param>
public sealed record MethodShape(MethodType Type, RequestForm Request, ResponseForm Response)
{
    /// <summary>
    /// Every supported shape. Which signatures are supported is this table, not a tree of branches:
    /// a method matches when its request and response forms are a row here.
    /// </summary>
    public static IReadOnlyList<MethodShape> All { get; } =
    [
        new(MethodType.Unary, RequestForm.Message, ResponseForm.ValueTask),
        new(MethodType.Unary, RequestForm.Message, ResponseForm.Task),
        new(MethodType.ServerStreaming, RequestForm.Message, ResponseForm.Stream),
        new(MethodType.ClientStreaming, RequestForm.Stream, ResponseForm.ValueTask),
        new(MethodType.ClientStreaming, RequestForm.Stream, ResponseForm.Task),
        new(MethodType.DuplexStreaming, RequestForm.Stream, ResponseForm.Stream),
    ];
}
