namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>The <c>grpc-status-details-bin</c> value for an exception's rich details, or null when it has none.</summary>
internal static class ErrorDetailsEncoder
{
    public static byte[]? Encode(RpcException exception) =>
        exception.Details.Count == 0 ? null : RichStatus.Encode(exception.Status, exception.Details);
}
