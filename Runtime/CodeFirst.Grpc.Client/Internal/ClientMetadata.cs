using System.Net.Http.Headers;
using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>Metadata to and from HTTP headers on the client: protocol headers are not metadata.</summary>
internal static class ClientMetadata
{
    /// <summary>Adds <paramref name="metadata"/> to a request; protocol headers in it are ignored.</summary>
    public static void AddTo(HttpRequestHeaders headers, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            if (!IsSetByTheClient(entry.Key))
            {
                headers.TryAddWithoutValidation(entry.Key, entry.Value);
            }
        }
    }

    /// <summary>Headers the client runtime sets itself: the protocol's, its user agent, and the retry count.</summary>
    public static bool IsSetByTheClient(string key) =>
        GrpcProtocol.IsReservedHeader(key)
        || key.Equals("user-agent", StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.PreviousRpcAttemptsHeader, StringComparison.OrdinalIgnoreCase);

    /// <summary>The application metadata among response headers or trailers; <c>-bin</c> values are decoded.</summary>
    public static Metadata FromHeaders(HttpHeaders headers)
    {
        Metadata? metadata = null;
        foreach (var (key, values) in headers.NonValidated)
        {
            if (IsProtocolHeader(key))
            {
                continue;
            }
            foreach (var value in values)
            {
                metadata ??= [];
                if (Metadata.Entry.IsBinaryKey(key))
                {
                    metadata.Add(key, DecodeBinary(value));
                }
                else
                {
                    metadata.Add(key, value);
                }
            }
        }
        return metadata ?? Metadata.Empty;
    }

    private static byte[] DecodeBinary(string value)
    {
        try
        {
            return GrpcProtocol.DecodeBinaryHeader(value);
        }
        catch (FormatException)
        {
            // A peer that sent a malformed -bin value: keep the raw text rather than fail the call.
            return System.Text.Encoding.ASCII.GetBytes(value);
        }
    }

    private static bool IsProtocolHeader(string key) =>
        GrpcProtocol.IsReservedHeader(key)
        || key.Equals(GrpcProtocol.StatusTrailer, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.MessageTrailer, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.StatusDetailsTrailer, StringComparison.OrdinalIgnoreCase)
        || key.Equals("date", StringComparison.OrdinalIgnoreCase)
        || key.Equals("server", StringComparison.OrdinalIgnoreCase);
}
