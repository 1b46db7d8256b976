using System.Globalization;
using CodeFirst.Grpc.Internal;
using Microsoft.AspNetCore.Http;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>
/// Writes a gRPC status: in the headers of a trailers-only response (an error before any message), or
/// as trailers after the messages. Every path that ends a call goes through here.
/// </summary>
internal static class StatusResponse
{
    /// <summary>grpc-status values, formatted once rather than per call.</summary>
    private static readonly string[] Codes = Enumerable.Range(0, 17).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Status in the response headers, with no body; the response must not have started.</summary>
    public static void WriteTrailersOnly(HttpResponse response, Status status)
    {
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusTrailer] = Code(status.StatusCode);
        if (status.Detail.Length > 0)
        {
            response.Headers[GrpcProtocol.MessageTrailer] = GrpcProtocol.EncodeMessage(status.Detail);
        }
    }

    /// <summary>Status as trailers after a started response.</summary>
    public static void AppendStatusTrailers(HttpResponse response, Status status)
    {
        response.AppendTrailer(GrpcProtocol.StatusTrailer, Code(status.StatusCode));
        if (status.Detail.Length > 0)
        {
            response.AppendTrailer(GrpcProtocol.MessageTrailer, GrpcProtocol.EncodeMessage(status.Detail));
        }
    }

    private static string Code(StatusCode code) =>
        (uint)code < (uint)Codes.Length ? Codes[(int)code] : ((int)code).ToString(CultureInfo.InvariantCulture);
}
