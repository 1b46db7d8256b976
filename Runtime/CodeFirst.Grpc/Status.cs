namespace CodeFirst.Grpc;

/// <summary>The outcome of a call: a code and a human-readable detail.</summary>
/// <param name="StatusCode">The status code.</param>
/// <param name="Detail">The message sent as <c>grpc-message</c>; may be empty.</param>
public readonly record struct Status(StatusCode StatusCode, string Detail)
{
    private readonly string? _detail = Detail;

    /// <summary>The message sent as <c>grpc-message</c>; empty, never null (also for <c>default(Status)</c>).</summary>
    public string Detail
    {
        get => _detail ?? "";
        init => _detail = value;
    }

    /// <summary>The successful status.</summary>
    public static readonly Status DefaultSuccess = new(StatusCode.OK, "");

    /// <summary>A cancelled status with no detail.</summary>
    public static readonly Status DefaultCancelled = new(StatusCode.Cancelled, "");

    /// <inheritdoc />
    public override string ToString() => Detail.Length == 0 ? $"Status(StatusCode=\"{StatusCode}\")" : $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")";
}
