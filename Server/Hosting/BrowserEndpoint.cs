using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CodeFirst.Orders.Server.Hosting;

/// <summary>Where the browser endpoint (<c>Kestrel:Endpoints:Web</c>) listens, once Kestrel has bound it; for the start-up banner.</summary>
internal sealed class BrowserEndpoint
{
    /// <summary>The endpoint's listen options, when configured; Kestrel sets the bound port on them.</summary>
    public ListenOptions? Listen { get; set; }

    /// <summary>Whether <paramref name="address"/> (from <c>IServerAddressesFeature</c>) is the browser endpoint's.</summary>
    public bool Owns(string address) =>
        Listen?.IPEndPoint is { Port: > 0 } bound && Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port == bound.Port;
}
