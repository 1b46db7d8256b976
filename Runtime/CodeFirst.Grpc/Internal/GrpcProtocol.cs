using System.Globalization;
using System.Text;

namespace CodeFirst.Grpc.Internal;

/// <summary>gRPC over HTTP/2 constants and pure helpers (PROTOCOL-HTTP2.md), kept apart from I/O so they are unit-tested.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string StatusDetailsTrailer = RichStatus.TrailerName;
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";
    public const string PreviousRpcAttemptsHeader = "grpc-previous-rpc-attempts";
    public const string Identity = "identity";
    public const string Gzip = "gzip";
    public const string SupportedEncodings = "identity,gzip";
    public const int HeaderSize = 5;

    /// <summary>Largest timeout value: at most 8 digits (PROTOCOL-HTTP2.md, "TimeoutValue").</summary>
    private const long MaxTimeoutValue = 99_999_999;

    /// <summary>
    /// True for <c>application/grpc</c>, <c>application/grpc+proto</c> and <c>application/grpc;...</c>; false for
    /// other formats (<c>+json</c>) and other media types.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType) => IsContentType(contentType, ContentType);

    /// <summary>
    /// Whether <paramref name="contentType"/> is <paramref name="mediaType"/>, optionally with <c>+proto</c>, and with
    /// or without parameters (<c>application/grpc-web+proto; charset=utf-8</c>); case-insensitive.
    /// </summary>
    public static bool IsContentType(string? contentType, string mediaType)
    {
        const string proto = "+proto";
        if (contentType is null || !contentType.StartsWith(mediaType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var rest = contentType.AsSpan(mediaType.Length);
        return rest.IsEmpty || rest[0] == ';' || rest.StartsWith(proto, StringComparison.OrdinalIgnoreCase) && (rest.Length == proto.Length || rest[proto.Length] == ';');
    }

    /// <summary>Parses <c>grpc-timeout</c>: 1-8 digits and a unit (H, M, S, m, u, n).</summary>
    public static bool TryParseTimeout(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length is < 2 or > 9)
        {
            return false;
        }
        if (!long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > MaxTimeoutValue)
        {
            return false;
        }
        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            // Nanoseconds round up to whole ticks so a 1n timeout is not zero.
            'n' => (amount + 99) / 100,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }
        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>
    /// Formats a <c>grpc-timeout</c>: the finest unit whose value fits in 8 digits, rounded up so the server never
    /// sees less time than the client allows. A non-positive timeout is <c>1n</c>, already expired.
    /// </summary>
    public static string FormatTimeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }
        var ticks = timeout.Ticks;
        // Nanoseconds (100 per tick), then coarser units, each rounded up.
        if (ticks <= MaxTimeoutValue / 100)
        {
            return Format(ticks * 100, 'n');
        }
        ReadOnlySpan<(long TicksPerUnit, char Unit)> units =
        [
            (TimeSpan.TicksPerMicrosecond, 'u'),
            (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'),
        ];
        foreach (var (perUnit, unit) in units)
        {
            var amount = (ticks + perUnit - 1) / perUnit;
            if (amount <= MaxTimeoutValue)
            {
                return Format(amount, unit);
            }
        }
        return Format(Math.Min((ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour, MaxTimeoutValue), 'H');

        static string Format(long amount, char unit) => amount.ToString(CultureInfo.InvariantCulture) + unit;
    }

    /// <summary>Parses <c>grpc-status</c>; a missing or malformed value is <see langword="null"/>, an unknown number is kept.</summary>
    public static StatusCode? ParseStatusCode(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? (StatusCode)code : null;

    /// <summary>
    /// The status a client reports for a response without <c>grpc-status</c> that has HTTP status <paramref name="httpStatus"/>
    /// (gRPC's http-grpc-status-mapping.md).
    /// </summary>
    public static StatusCode StatusFromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>
    /// The status a client reports when the server resets the stream with HTTP/2 error <paramref name="errorCode"/>
    /// (PROTOCOL-HTTP2.md, "Errors").
    /// </summary>
    public static StatusCode StatusFromHttp2Error(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable,        // REFUSED_STREAM: not processed, safe to retry
        0x8 => StatusCode.Cancelled,          // CANCEL
        0xB => StatusCode.ResourceExhausted,  // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied,   // INADEQUATE_SECURITY
        _ => StatusCode.Internal,             // NO_ERROR, PROTOCOL_ERROR, INTERNAL_ERROR, FLOW_CONTROL_ERROR, ...
    };

    /// <summary>
    /// Percent-encodes a status message for <c>grpc-message</c>: bytes outside printable ASCII and
    /// <c>%</c> itself become <c>%XX</c> of their UTF-8 encoding.
    /// </summary>
    public static string EncodeMessage(string message)
    {
        var needsEncoding = false;
        foreach (var c in message)
        {
            if (c is < ' ' or > '~' or '%')
            {
                needsEncoding = true;
                break;
            }
        }
        if (!needsEncoding)
        {
            return message;
        }
        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }
        return builder.ToString();
    }

    /// <summary>Decodes a percent-encoded <c>grpc-message</c>; malformed escapes are kept as they are.</summary>
    public static string DecodeMessage(string value)
    {
        if (!value.Contains('%'))
        {
            return value;
        }
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length
                && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Decodes a <c>-bin</c> header value: base64 with or without padding, as the spec allows.</summary>
    public static byte[] DecodeBinaryHeader(string value)
    {
        var padding = (4 - value.Length % 4) % 4;
        if (padding == 3)
        {
            throw new FormatException("Invalid base64 length in a -bin header.");
        }
        return Convert.FromBase64String(padding == 0 ? value : value + new string('=', padding));
    }

    /// <summary>Encodes a <c>-bin</c> header value: base64 without padding, as the spec asks senders to emit.</summary>
    public static string EncodeBinaryHeader(byte[] value) => Convert.ToBase64String(value).TrimEnd('=');

    /// <summary>A metadata entry's header value: its text, or its bytes encoded for a <c>-bin</c> key.</summary>
    public static string HeaderValue(Metadata.Entry entry) => entry.IsBinary ? EncodeBinaryHeader(entry.ValueBytes) : entry.Value;

    /// <summary>True when <paramref name="acceptEncoding"/> (a <c>grpc-accept-encoding</c> list) names <paramref name="encoding"/>.</summary>
    public static bool Accepts(string? acceptEncoding, string encoding)
    {
        if (acceptEncoding is null)
        {
            return false;
        }
        foreach (var part in acceptEncoding.Split(','))
        {
            if (part.Trim().Equals(encoding, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Headers and trailers the protocol itself sets, status included: never application metadata.</summary>
    public static bool IsProtocolHeader(string key) =>
        IsReservedHeader(key)
        || key.Equals(StatusTrailer, StringComparison.OrdinalIgnoreCase)
        || key.Equals(MessageTrailer, StringComparison.OrdinalIgnoreCase)
        || key.Equals(StatusDetailsTrailer, StringComparison.OrdinalIgnoreCase);

    /// <summary>Headers that belong to the protocol, not to the application's metadata.</summary>
    public static bool IsReservedHeader(string key) =>
        key.StartsWith(':')
        || key.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || key.Equals("te", StringComparison.OrdinalIgnoreCase)
        || key.Equals("host", StringComparison.OrdinalIgnoreCase)
        || key.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || key.Equals(TimeoutHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(EncodingHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(AcceptEncodingHeader, StringComparison.OrdinalIgnoreCase);
}
