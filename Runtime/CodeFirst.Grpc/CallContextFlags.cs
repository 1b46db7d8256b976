namespace CodeFirst.Grpc;

/// <summary>What a client-side <see cref="CallContext"/> records about its call.</summary>
[Flags]
public enum CallContextFlags
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>
    /// Keep the response headers, trailers and status, readable from the context
    /// (<see cref="CallContext.ResponseHeadersAsync"/>, <see cref="CallContext.ResponseTrailers"/>,
    /// <see cref="CallContext.ResponseStatus"/>) during and after the call.
    /// </summary>
    CaptureMetadata = 1,
}
