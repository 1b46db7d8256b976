using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>The server's log messages (source-generated).</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(1, LogLevel.Debug, "gRPC call {Method} starting.")]
    public static partial void CallStarting(ILogger logger, string method);

    private const LogLevel CallCompletedLevel = LogLevel.Information;

    /// <summary>Logs the end of a call; the clock is read only when the message is logged.</summary>
    public static void CallCompleted(ILogger logger, string method, StatusCode statusCode, long startTimestamp)
    {
        if (logger.IsEnabled(CallCompletedLevel))
        {
            CallCompleted(logger, method, statusCode, Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);
        }
    }

    [LoggerMessage(2, CallCompletedLevel, "gRPC call {Method} completed with {StatusCode} in {ElapsedMilliseconds:0.###} ms.", SkipEnabledCheck = true)]
    private static partial void CallCompleted(ILogger logger, string method, StatusCode statusCode, double elapsedMilliseconds);

    [LoggerMessage(3, LogLevel.Error, "gRPC call {Method} failed: the handler threw an exception.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "gRPC request for unknown {Path}: {Reason}.")]
    public static partial void Unimplemented(ILogger logger, string path, string reason);
}
