namespace CodeFirst.Grpc;

/// <summary>
/// A call ended with a non-OK status. Servers throw it to send a status (with trailers and rich error
/// details); clients receive it with what the server sent.
/// </summary>
/// <example>
/// <code>
/// throw new RpcException(new Status(StatusCode.NotFound, $"order {id} not found"),
///     details: [new ErrorInfo { Reason = "ORDER_NOT_FOUND", Domain = "order.v1", Metadata = { ["order_id"] = id } }]);
/// </code>
/// </example>
public class RpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The status to send or that was received.</param>
    /// <param name="trailers">Trailers to send or that were received.</param>
    /// <param name="details">
    /// Rich error details (<c>[DataContract]</c> messages such as <c>ErrorInfo</c> or <c>BadRequest</c>), sent as a
    /// <c>google.rpc.Status</c> in the <c>grpc-status-details-bin</c> trailer.
    /// </param>
    public RpcException(Status status, Metadata? trailers = null, IReadOnlyList<object>? details = null)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers ?? new Metadata();
        Details = details ?? [];
    }

    /// <summary>Creates the exception from a code and a message.</summary>
    public RpcException(StatusCode code, string detail, IReadOnlyList<object>? details = null)
        : this(new Status(code, detail), null, details)
    {
    }

    /// <summary>The status.</summary>
    public Status Status { get; }

    /// <summary>The status code.</summary>
    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>The trailers.</summary>
    public Metadata Trailers { get; }

    /// <summary>The rich error details.</summary>
    public IReadOnlyList<object> Details { get; }

    /// <summary>The first detail of type <typeparamref name="T"/>, or <see langword="null"/> when there is none.</summary>
    /// <typeparam name="T">A detail type, for example <c>BadRequest</c>.</typeparam>
    /// <example>
    /// <code>
    /// if (e.GetDetail&lt;BadRequest&gt;() is { } badRequest) { ... }
    /// </code>
    /// </example>
    public T? GetDetail<T>()
        where T : class
    {
        foreach (var detail in Details)
        {
            if (detail is T match)
            {
                return match;
            }
        }
        return null;
    }
}
