using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore.Web;

/// <summary>The gRPC-Web adapter's log messages (source-generated).</summary>
internal static partial class GrpcWebLog
{
    [LoggerMessage(101, LogLevel.Debug, "gRPC-Web request ({ContentType}) for {Path}.")]
    public static partial void Adapting(ILogger logger, string contentType, string path);

    [LoggerMessage(102, LogLevel.Debug, "gRPC-Web request for {Path} left alone: gRPC-Web is not enabled for it (EnableGrpcWeb(), or GrpcWebOptions.DefaultEnabled).")]
    public static partial void NotEnabled(ILogger logger, string path);

    [LoggerMessage(103, LogLevel.Debug, "gRPC-Web request for {Method} refused: it streams requests, which gRPC-Web cannot.")]
    public static partial void StreamingRequestRefused(ILogger logger, string method);
}
