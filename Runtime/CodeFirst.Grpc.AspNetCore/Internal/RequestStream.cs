using CodeFirst.Grpc.Internal;


namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>The request messages of a client-streaming or duplex call, read from the pipe as the handler asks for them.</summary>
internal sealed class RequestStream<T>(HttpServerCallContext call) : IAsyncEnumerable<T>
    where T : class
{
    private bool _enumerated;

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("The request stream can be read only once.");
        }
        _enumerated = true;
        // Services usually pass the call's own token (WithCancellation(context.CancellationToken)): nothing to link.
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != call.CancellationToken
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CancellationToken)
            : null;
        var token = linked?.Token ?? call.CancellationToken;
        var reader = call.HttpContext.Request.BodyReader;
        var framing = call.RequestFraming;
        while (await MessageFraming.ReadMessageAsync<T>(reader, framing, token) is { } message)
        {
            yield return message;
        }
    }
}
