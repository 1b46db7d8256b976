using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CodeFirst.Orders.Server.Auth;

/// <summary>
/// Maps a bearer token to its caller. Tokens are held only as SHA-256 hashes and every configured hash is compared,
/// in constant time, for every lookup, so neither the token nor which entry matched leaks through timing.
/// </summary>
internal sealed class TokenAuthenticator
{
    /// <summary>The authentication type of the principals this creates.</summary>
    public const string AuthenticationType = "Bearer";

    private readonly (byte[] Hash, ClaimsPrincipal Principal)[] _tokens;

    public TokenAuthenticator(IOptions<AuthOptions> options, IHostEnvironment environment)
    {
        _tokens = [.. options.Value.Tokens.Select((token, index) => (HashOf(token, index, environment), CreatePrincipal(token)))];
    }

    /// <summary>How many tokens are configured.</summary>
    public int Count => _tokens.Length;

    /// <summary>The caller <paramref name="token"/> belongs to, or <see langword="null"/> for an unknown token.</summary>
    public ClaimsPrincipal? Authenticate(ReadOnlySpan<char> token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        Span<byte> utf8 = length <= 256 ? stackalloc byte[256] : new byte[length];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(token, utf8)], hash);
        ClaimsPrincipal? match = null;
        foreach (var (candidate, principal) in _tokens)
        {
            // No early exit: the time taken does not depend on which entry matched.
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                match = principal;
            }
        }
        return match;
    }

    private static byte[] HashOf(TokenOptions token, int index, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(token.Subject))
        {
            throw new InvalidOperationException($"Auth:Tokens:{index}:Subject is empty: every token needs the subject it authenticates.");
        }
        if (!string.IsNullOrEmpty(token.TokenSha256))
        {
            try
            {
                var hash = Convert.FromHexString(token.TokenSha256);
                if (hash.Length == SHA256.HashSizeInBytes)
                {
                    return hash;
                }
            }
            catch (FormatException)
            {
            }
            throw new InvalidOperationException($"Auth:Tokens:{index}:TokenSha256 (subject '{token.Subject}') is not 64 hex digits: set it to the output of `printf %s \"$TOKEN\" | sha256sum`.");
        }
        if (!string.IsNullOrEmpty(token.Token))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"Auth:Tokens:{index}:Token (subject '{token.Subject}') is a plain-text token, accepted in Development only: set TokenSha256 to its SHA-256 instead.");
            }
            return SHA256.HashData(Encoding.UTF8.GetBytes(token.Token));
        }
        throw new InvalidOperationException($"Auth:Tokens:{index} (subject '{token.Subject}') has no TokenSha256.");
    }

    private static ClaimsPrincipal CreatePrincipal(TokenOptions token)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, token.Subject) };
        claims.AddRange(token.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType));
    }
}
