using System.Buffers;
using System.Buffers.Binary;
using CodeFirst.Grpc.Internal;
using Microsoft.AspNetCore.Http;

namespace CodeFirst.Grpc.AspNetCore.Web;

/// <summary>How a gRPC-Web body is carried: raw frames, or frames in base64 text.</summary>
internal enum GrpcWebMode
{
    /// <summary>Not a gRPC-Web request.</summary>
    None,
    /// <summary><c>application/grpc-web</c>: the frames as bytes.</summary>
    Binary,
    /// <summary><c>application/grpc-web-text</c>: the frames in base64, possibly as several padded chunks.</summary>
    Text,
}

/// <summary>
/// gRPC-Web constants and pure helpers (PROTOCOL-WEB.md): content types, and the trailer frame that carries the
/// status in the body, since browsers cannot read HTTP trailers. Kept apart from I/O so they are unit-tested.
/// </summary>
internal static class GrpcWebProtocol
{
    public const string ContentType = "application/grpc-web";
    public const string TextContentType = "application/grpc-web-text";
    private const string ProtoSuffix = "+proto";
    private const string ProtoContentType = ContentType + ProtoSuffix;
    private const string TextProtoContentType = TextContentType + ProtoSuffix;

    /// <summary>The flag byte of the frame that carries the trailers (the high bit set; data frames use 0 or 1).</summary>
    public const byte TrailersFlag = 0x80;

    /// <summary>
    /// The mode of a request content type: <c>application/grpc-web</c> and <c>application/grpc-web-text</c>, each
    /// alone, with <c>+proto</c> or with parameters; anything else (other formats such as <c>+json</c>) is
    /// <see cref="GrpcWebMode.None"/>.
    /// </summary>
    public static GrpcWebMode GetMode(string? contentType) =>
        GrpcProtocol.IsContentType(contentType, TextContentType) ? GrpcWebMode.Text
        : GrpcProtocol.IsContentType(contentType, ContentType) ? GrpcWebMode.Binary
        : GrpcWebMode.None;

    /// <summary>The response content type for a request: the same mode, and <c>+proto</c> when the request named it.</summary>
    public static string ResponseContentType(GrpcWebMode mode, string requestContentType)
    {
        var text = mode == GrpcWebMode.Text;
        var proto = requestContentType.AsSpan((text ? TextContentType : ContentType).Length).StartsWith(ProtoSuffix, StringComparison.OrdinalIgnoreCase);
        // Constants, so a call builds no string.
        return (text, proto) switch
        {
            (true, true) => TextProtoContentType,
            (true, false) => TextContentType,
            (false, true) => ProtoContentType,
            (false, false) => ContentType,
        };
    }

    /// <summary>
    /// Writes the trailer frame: the flag <see cref="TrailersFlag"/>, the big-endian length, then one
    /// <c>key: value\r\n</c> line per value with the key in lower case (browser clients look for
    /// <c>grpc-status</c> exactly).
    /// </summary>
    /// <exception cref="InvalidOperationException">A key or value holds a character a header line cannot carry.</exception>
    public static void WriteTrailers(IHeaderDictionary trailers, IBufferWriter<byte> output)
    {
        var length = 0;
        foreach (var (key, values) in trailers)
        {
            Validate(key, key, isKey: true);
            foreach (var value in values)
            {
                if (value is not null)
                {
                    Validate(key, value, isKey: false);
                    length += key.Length + 2 + value.Length + 2;
                }
            }
        }
        var frame = output.GetSpan(GrpcProtocol.HeaderSize + length);
        frame[0] = TrailersFlag;
        BinaryPrimitives.WriteUInt32BigEndian(frame[1..], (uint)length);
        var position = GrpcProtocol.HeaderSize;
        foreach (var (key, values) in trailers)
        {
            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }
                foreach (var c in key)
                {
                    frame[position++] = (byte)char.ToLowerInvariant(c);
                }
                frame[position++] = (byte)':';
                frame[position++] = (byte)' ';
                foreach (var c in value)
                {
                    frame[position++] = (byte)c;
                }
                frame[position++] = (byte)'\r';
                frame[position++] = (byte)'\n';
            }
        }
        output.Advance(position);
    }

    /// <summary>Keys are visible ASCII without ':'; values are visible ASCII, space and tab (no CR/LF to split a line).</summary>
    private static void Validate(string key, string text, bool isKey)
    {
        foreach (var c in text)
        {
            var valid = isKey ? c is > ' ' and <= '~' and not ':' : c is >= ' ' and <= '~' or '\t';
            if (!valid)
            {
                throw new InvalidOperationException(
                    $"Trailer '{key}' cannot be sent in a gRPC-Web trailer frame: its {(isKey ? "name" : "value")} holds the character U+{(int)c:X4}.");
            }
        }
    }
}
