using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>The server's log messages (source-generated).</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(1, LogLevel.Debug, "gRPC call {Method} starting.")]
    public static partial void CallStarting(ILogger logger, string method);

    [LoggerMessage(2, LogLevel.Information, "gRPC call {Method} completed with {StatusCode} in {ElapsedMilliseconds:0.###} ms.")]
    public static partial void CallCompleted(ILogger logger, string method, StatusCode statusCode, double elapsedMilliseconds);

    [LoggerMessage(3, LogLevel.Error, "gRPC call {Method} failed: the handler threw an exception.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "gRPC request for unknown {Path}: {Reason}.")]
    public static partial void Unimplemented(ILogger logger, string path, string reason);
}
