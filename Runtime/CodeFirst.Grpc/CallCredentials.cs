namespace CodeFirst.Grpc;

/// <summary>
/// Adds credentials to a call's metadata, for every call of a channel or for one call (<see cref="CallOptions.Credentials"/>).
/// Channels refuse to send them over plaintext to a host other than loopback unless told to allow it.
/// </summary>
/// <example>
/// <code>
/// var channel = GrpcChannel.ForAddress("https://orders.example.com", new GrpcChannelOptions
/// {
///     Credentials = CallCredentials.FromBearerToken(Environment.GetEnvironmentVariable("ORDERS_TOKEN")!),
/// });
/// </code>
/// </example>
public sealed class CallCredentials
{
    private const string AuthorizationHeader = "authorization";

    private readonly Func<Metadata, CancellationToken, ValueTask> _apply;

    private CallCredentials(Func<Metadata, CancellationToken, ValueTask> apply) => _apply = apply;

    /// <summary>Sends <c>authorization: Bearer <paramref name="token"/></c>.</summary>
    /// <param name="token">The token.</param>
    public static CallCredentials FromBearerToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var value = "Bearer " + token;
        return new((headers, _) =>
        {
            SetAuthorization(headers, value);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Sends a bearer token asked for before each call (for tokens that expire and are refreshed).</summary>
    /// <param name="tokenProvider">Returns the current token.</param>
    public static CallCredentials FromBearerTokenProvider(Func<CancellationToken, ValueTask<string>> tokenProvider)
    {
        ArgumentNullException.ThrowIfNull(tokenProvider);
        return new(async (headers, cancellationToken) =>
            SetAuthorization(headers, "Bearer " + await tokenProvider(cancellationToken)));
    }

    /// <summary>Credentials that add whatever metadata <paramref name="apply"/> adds (an API key header, say).</summary>
    /// <param name="apply">Adds the credentials to the call's request metadata.</param>
    public static CallCredentials Create(Func<Metadata, CancellationToken, ValueTask> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        return new(apply);
    }

    /// <summary>Adds the credentials to <paramref name="headers"/>.</summary>
    internal ValueTask ApplyAsync(Metadata headers, CancellationToken cancellationToken) => _apply(headers, cancellationToken);

    private static void SetAuthorization(Metadata headers, string value)
    {
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(headers[i].Key, AuthorizationHeader, StringComparison.OrdinalIgnoreCase))
            {
                headers.RemoveAt(i);
            }
        }
        headers.Add(AuthorizationHeader, value);
    }
}
