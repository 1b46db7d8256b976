namespace CodeFirst.Orders.Server.Auth;

/// <summary>The <c>Auth</c> configuration section: who may call the order service.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section's name.</summary>
    public const string Section = "Auth";

    /// <summary><c>Auth:Tokens</c>: the bearer tokens the server accepts, each naming a subject and its roles.</summary>
    public List<TokenOptions> Tokens { get; set; } = [];
}

/// <summary>One accepted bearer token (an entry of <c>Auth:Tokens</c>).</summary>
public sealed class TokenOptions
{
    /// <summary>Who the token's bearer is: a customer id for customers.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The bearer's roles; <c>admin</c> sees and changes every order.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>The token's SHA-256, in hex (<c>printf %s "$TOKEN" | sha256sum</c>): the server never stores the token itself.</summary>
    public string? TokenSha256 { get; set; }

    /// <summary>The token in plain text: accepted in Development only, for local runs.</summary>
    public string? Token { get; set; }
}
