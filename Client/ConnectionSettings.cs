namespace CodeFirst.Orders.Client;

/// <summary>The global options' values, read once per run.</summary>
/// <param name="Address">The server.</param>
/// <param name="Token">The bearer token, or null to call without one.</param>
/// <param name="Timeout">The <c>--timeout</c> given, if any.</param>
/// <param name="Json">Machine output.</param>
internal sealed record ConnectionSettings(Uri Address, string? Token, TimeSpan? Timeout, bool Json);
