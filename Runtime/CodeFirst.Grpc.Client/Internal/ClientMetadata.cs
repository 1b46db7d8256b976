using System.Net.Http.Headers;
using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>Metadata to and from HTTP headers on the client: protocol headers are not metadata.</summary>
internal static class ClientMetadata
{
    /// <summary>Adds <paramref name="metadata"/> to a request; headers the runtime sets itself are ignored.</summary>
    public static void AddTo(HttpRequestHeaders headers, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            if (!IsSetByTheClient(entry.Key))
            {
                headers.TryAddWithoutValidation(entry.Key, GrpcProtocol.HeaderValue(entry));
            }
        }
    }

    /// <summary><paramref name="overrides"/>, after the entries of <paramref name="baseline"/> whose keys it does not set.</summary>
    public static Metadata Override(Metadata? baseline, Metadata overrides)
    {
        if (baseline is null)
        {
            return overrides;
        }
        var merged = new Metadata();
        foreach (var entry in baseline)
        {
            if (overrides.Get(entry.Key) is null)
            {
                merged.Add(entry);
            }
        }
        foreach (var entry in overrides)
        {
            merged.Add(entry);
        }
        return merged;
    }

    /// <summary>Headers the client runtime sets itself: the protocol's, its user agent, and the retry count.</summary>
    public static bool IsSetByTheClient(string key) =>
        GrpcProtocol.IsReservedHeader(key)
        || key.Equals("user-agent", StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.PreviousRpcAttemptsHeader, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The application metadata among response headers or trailers; <c>-bin</c> values are decoded. A header metadata
    /// cannot represent (a proxy's odd header, malformed base64) is left out rather than failing the call.
    /// </summary>
    public static Metadata FromHeaders(HttpHeaders headers)
    {
        Metadata? metadata = null;
        foreach (var (key, values) in headers.NonValidated)
        {
            if (GrpcProtocol.IsProtocolHeader(key) || key.Equals("date", StringComparison.OrdinalIgnoreCase) || key.Equals("server", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                metadata ??= [];
                try
                {
                    metadata.TryAddReceived(key, value);
                }
                catch (FormatException)
                {
                }
            }
        }
        return metadata is { Count: > 0 } ? metadata : Metadata.Empty;
    }
}
