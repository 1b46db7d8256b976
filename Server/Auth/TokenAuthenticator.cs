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
        if (Problems(options.Value, environment).FirstOrDefault() is { } problem)
        {
            throw new InvalidOperationException(problem); // StartupChecks reports these before the server starts
        }
        _tokens = [.. options.Value.Tokens.Select(token => (HashOf(token), CreatePrincipal(token)))];
    }

    /// <summary>
    /// What is wrong with <c>Auth:Tokens</c> in <paramref name="environment"/>, each saying what to set: the one
    /// place these rules live, for the start-up checks and for this class alike.
    /// </summary>
    public static IEnumerable<string> Problems(AuthOptions options, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment() && !options.Tokens.Any(t => !string.IsNullOrEmpty(t.TokenSha256)))
        {
            yield return $"No Auth:Tokens are configured for the {environment.EnvironmentName} environment: add entries with Subject, Roles and TokenSha256 "
                + "(for example Auth__Tokens__0__Subject=alice, Auth__Tokens__0__Roles__0=customer, Auth__Tokens__0__TokenSha256=$(printf %s \"$TOKEN\" | sha256sum | cut -d' ' -f1)).";
        }
        for (var index = 0; index < options.Tokens.Count; index++)
        {
            var token = options.Tokens[index];
            if (string.IsNullOrWhiteSpace(token.Subject))
            {
                yield return $"Auth:Tokens:{index}:Subject is empty: every token needs the subject it authenticates.";
            }
            else if (!string.IsNullOrEmpty(token.TokenSha256))
            {
                if (token.TokenSha256.Length != 2 * SHA256.HashSizeInBytes || !token.TokenSha256.All(char.IsAsciiHexDigit))
                {
                    yield return $"Auth:Tokens:{index}:TokenSha256 (subject '{token.Subject}') is not 64 hex digits: set it to the output of `printf %s \"$TOKEN\" | sha256sum`.";
                }
            }
            else if (string.IsNullOrEmpty(token.Token))
            {
                yield return $"Auth:Tokens:{index} (subject '{token.Subject}') has no TokenSha256.";
            }
            else if (!environment.IsDevelopment())
            {
                yield return $"Auth:Tokens:{index}:Token (subject '{token.Subject}') is a plain-text token, accepted in Development only: set TokenSha256 to its SHA-256 instead.";
            }
        }
    }

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

    /// <summary>A valid entry's hash: the configured one, or (Development only, checked above) the plain token's.</summary>
    private static byte[] HashOf(TokenOptions token) =>
        string.IsNullOrEmpty(token.TokenSha256)
            ? SHA256.HashData(Encoding.UTF8.GetBytes(token.Token!))
            : Convert.FromHexString(token.TokenSha256);

    private static ClaimsPrincipal CreatePrincipal(TokenOptions token)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, token.Subject) };
        claims.AddRange(token.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType));
    }
}
