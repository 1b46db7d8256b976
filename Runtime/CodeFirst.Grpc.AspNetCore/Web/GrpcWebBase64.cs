using System.Buffers;
using System.Buffers.Text;

namespace CodeFirst.Grpc.AspNetCore.Web;

/// <summary>
/// Decodes a gRPC-Web text body: base64 that may be several independently padded chunks one after another
/// (a client encodes each write on its own), so '=' can appear in the middle of the stream.
/// </summary>
internal static class GrpcWebBase64
{
    /// <summary>
    /// Decodes every whole 4-character quantum of <paramref name="base64"/>; a trailing part quantum is left for
    /// the next call. A quantum holding padding ends a chunk, and the next chunk starts right after it.
    /// </summary>
    /// <param name="base64">The text to decode.</param>
    /// <param name="bytes">Where the bytes go: at least <c>base64.Length / 4 * 3</c> long.</param>
    /// <param name="consumed">How many characters were decoded (a multiple of 4).</param>
    /// <param name="written">How many bytes were written.</param>
    /// <returns>False when the text is not base64.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> base64, Span<byte> bytes, out int consumed, out int written)
    {
        consumed = 0;
        written = 0;
        var whole = base64.Length / 4 * 4;
        while (consumed < whole)
        {
            var rest = base64[consumed..whole];
            var padding = rest.IndexOf((byte)'=');
            var chunk = padding < 0 ? rest : rest[..((padding / 4 + 1) * 4)];
            if (Base64.DecodeFromUtf8(chunk, bytes[written..], out var read, out var decoded) != OperationStatus.Done)
            {
                return false;
            }
            consumed += read;
            written += decoded;
        }
        return true;
    }
}
