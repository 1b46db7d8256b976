using System.Net.Http;
using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>How a client turns what the transport and the response say into a gRPC status (pure functions, unit-tested).</summary>
internal static class ClientStatus
{
    /// <summary>
    /// The status of a call whose response had no usable gRPC headers: a non-200 HTTP status, a content type that
    /// is not gRPC, or a status in the headers (trailers-only). <see langword="null"/> when the response is a
    /// normal gRPC response whose status comes in the trailers.
    /// </summary>
    public static Status? FromResponseHeaders(HttpResponseMessage response)
    {
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            var code = (int)response.StatusCode;
            return new Status(GrpcProtocol.StatusFromHttpStatus(code), $"Bad gRPC response: HTTP status {code} ({response.ReasonPhrase}).");
        }
        if (TryGetStatus(response.Headers, out var status))
        {
            return status;
        }
        if (HasGrpcContentType(response.Content.Headers))
        {
            return null;
        }
        var contentType = response.Content.Headers.ContentType?.MediaType;
        return new Status(StatusCode.Unknown, $"Bad gRPC response: content type '{contentType}' is not application/grpc.");
    }

    /// <summary>
    /// Whether the response is gRPC, judged from the header as received: reading the typed <c>ContentType</c> parses
    /// it into new objects on every call. An unusual form (spaces before a parameter) is parsed after all.
    /// </summary>
    private static bool HasGrpcContentType(System.Net.Http.Headers.HttpContentHeaders headers) =>
        headers.NonValidated.TryGetValues("content-type", out var values) && values.Count == 1 && GrpcProtocol.IsGrpcContentType(First(values))
        || GrpcProtocol.IsGrpcContentType(headers.ContentType?.MediaType);

    /// <summary>Reads <c>grpc-status</c> and <c>grpc-message</c> from headers or trailers.</summary>
    public static bool TryGetStatus(System.Net.Http.Headers.HttpHeaders headers, out Status status)
    {
        if (!headers.NonValidated.TryGetValues(GrpcProtocol.StatusTrailer, out var codes))
        {
            status = default;
            return false;
        }
        var code = GrpcProtocol.ParseStatusCode(First(codes));
        var message = headers.NonValidated.TryGetValues(GrpcProtocol.MessageTrailer, out var messages)
            ? GrpcProtocol.DecodeMessage(First(messages) ?? "")
            : "";
        status = code is { } parsed
            ? new Status(parsed, message)
            : new Status(StatusCode.Unknown, $"Malformed grpc-status '{First(codes)}'. {message}".TrimEnd());
        return true;
    }

    /// <summary>The status when the response ended without <c>grpc-status</c>.</summary>
    public static Status MissingStatus { get; } = new(StatusCode.Internal, "The response ended without a grpc-status trailer.");

    /// <summary>The exception a caller sees: the status, the trailers, and the rich details of <c>grpc-status-details-bin</c>.</summary>
    public static RpcException ToException(Status status, Metadata trailers, System.Net.Http.Headers.HttpHeaders? statusHeaders)
    {
        IReadOnlyList<object>? details = null;
        if (statusHeaders is not null && statusHeaders.NonValidated.TryGetValues(GrpcProtocol.StatusDetailsTrailer, out var values)
            && First(values) is { } encoded)
        {
            try
            {
                details = RichStatus.DecodeReceivedDetails(GrpcProtocol.DecodeBinaryHeader(encoded));
            }
            catch (Exception e) when (e is FormatException or MessageDecodeException)
            {
                // A malformed google.rpc.Status does not hide the status itself (a malformed detail in a valid one
                // stays as its raw Any).
            }
        }
        return new RpcException(status, trailers, details);
    }

    /// <summary>The status for a transport failure (the gRPC spec for clients: connection problems are UNAVAILABLE).</summary>
    public static Status FromException(Exception exception)
    {
        if (FindProtocolError(exception) is { ErrorCode: 0 } closed)
        {
            // NO_ERROR reaches a caller when the connection closed gracefully (GOAWAY) under a call that had not
            // finished: the server is going away, which is what UNAVAILABLE says (and retry policies retry).
            return new Status(StatusCode.Unavailable, $"The connection closed before the call completed: {closed.Message}");
        }
        if (FindProtocolError(exception) is { } reset)
        {
            return new Status(GrpcProtocol.StatusFromHttp2Error(reset.ErrorCode),
                $"The stream was reset with HTTP/2 error 0x{reset.ErrorCode:X}: {reset.Message}");
        }
        return exception switch
        {
            HttpRequestException request => new Status(StatusCode.Unavailable, $"Error starting the call: {Describe(request)}"),
            IOException io => new Status(StatusCode.Unavailable, $"Error reading the response: {Describe(io)}"),
            // Only reached when the call's own token has not fired: the transport aborted the stream.
            OperationCanceledException => new Status(StatusCode.Unavailable, "The transport aborted the call (stream reset or connection closed)."),
            _ => new Status(StatusCode.Internal, $"Error in the call: {exception.GetType().Name}: {exception.Message}"),
        };
    }

    /// <summary>
    /// True for failures of the transport (as opposed to bugs or the caller's own exceptions). Callers check first
    /// that the call's own token has not fired, so a cancellation here is the transport's.
    /// </summary>
    public static bool IsTransportFailure(Exception exception) =>
        exception is HttpRequestException or IOException or OperationCanceledException || FindProtocolError(exception) is not null;

    /// <summary>
    /// True when the request certainly never reached a server: no connection could be made, or the server refused
    /// the stream unprocessed. Such a call may go to another replica without counting as an attempt.
    /// </summary>
    public static bool NeverSent(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }
        || FindProtocolError(exception) is { ErrorCode: 0x7 };

    /// <summary>True when the replica could not be reached at all (its connections fail).</summary>
    public static bool IsConnectionFailure(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError };

    private static HttpProtocolException? FindProtocolError(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is HttpProtocolException protocol)
            {
                return protocol;
            }
        }
        return null;
    }

    private static string Describe(Exception exception) =>
        exception.InnerException is { } inner ? $"{exception.Message} ({inner.Message})" : exception.Message;

    private static string? First(System.Net.Http.Headers.HeaderStringValues values)
    {
        foreach (var value in values)
        {
            return value;
        }
        return null;
    }
}
