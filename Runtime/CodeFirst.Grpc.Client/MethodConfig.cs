namespace CodeFirst.Grpc.Client;

/// <summary>Call policies for the methods <see cref="Names"/> matches.</summary>
public sealed class MethodConfig
{
    /// <summary>The methods this applies to.</summary>
    public IList<MethodName> Names { get; } = [];

    /// <summary>How failed calls of these methods are retried; <see langword="null"/>: never.</summary>
    public RetryPolicy? RetryPolicy { get; set; }
}
