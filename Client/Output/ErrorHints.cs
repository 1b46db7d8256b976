using CodeFirst.Grpc;

namespace CodeFirst.Orders.Client.Output;

/// <summary>What to try next, for the failures whose cause is usually on the caller's side.</summary>
internal static class ErrorHints
{
    public static string? For(RpcException exception, ConnectionSettings settings) => exception.StatusCode switch
    {
        StatusCode.Unavailable =>
            $"could not reach the order server at {settings.Address.GetLeftPart(UriPartial.Authority)}; is it running there? Use --address or ${GlobalOptions.AddressVariable} to call another.",
        StatusCode.Unauthenticated when settings.Token is not null && settings.Address.Scheme == Uri.UriSchemeHttp && !settings.Address.IsLoopback =>
            "a token is sent only over https://, or over http:// to this machine (localhost, 127.0.0.1).",
        StatusCode.Unauthenticated when settings.Token is null =>
            $"no token was sent: pass --token TOKEN or set ${GlobalOptions.TokenVariable}.",
        StatusCode.DeadlineExceeded =>
            "the call did not finish in time; --timeout SECONDS allows longer.",
        _ => null,
    };
}
