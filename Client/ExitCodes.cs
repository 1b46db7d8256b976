namespace CodeFirst.Orders.Client;

/// <summary>What the process returns: scripts tell a failed call from a mistyped command line.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The call failed (any gRPC status but OK), or the input file was bad.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong; nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
