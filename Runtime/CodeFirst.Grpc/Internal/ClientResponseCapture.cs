namespace CodeFirst.Grpc.Internal;

/// <summary>Where the client runtime records a call's response headers, trailers and status for its <see cref="CallContext"/>.</summary>
internal sealed class ClientResponseCapture
{
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Metadata> Headers => _headers.Task;

    public Metadata Trailers { get; private set; } = Metadata.Empty;

    public Status? Status { get; private set; }

    /// <summary>Records the response headers (once; a retried call records its committed attempt's).</summary>
    public void SetHeaders(Metadata headers) => _headers.TrySetResult(headers);

    /// <summary>Records how the call ended; a call that ended without headers gets empty ones.</summary>
    public void SetCompleted(Status status, Metadata trailers)
    {
        Trailers = trailers;
        Status = status;
        _headers.TrySetResult(Metadata.Empty);
    }
}
