using CodeFirst.Grpc.Internal;

namespace CodeFirst.Grpc.Tests;

/// <summary>The protocol's pure helpers, without a socket.</summary>
[TestClass]
public sealed class GrpcProtocolTests
{
    [TestMethod]
    [DataRow("1H", 36_000_000_000L)]
    [DataRow("2M", 1_200_000_000L)]
    [DataRow("3S", 30_000_000L)]
    [DataRow("4m", 40_000L)]
    [DataRow("5u", 50L)]
    [DataRow("1n", 1L)] // rounded up to a whole tick, never zero
    [DataRow("0n", 0L)]
    [DataRow("99999999S", 999_999_990_000_000L)]
    public void Timeout_parses_every_unit(string header, long ticks)
    {
        Assert.IsTrue(GrpcProtocol.TryParseTimeout(header, out var timeout));
        Assert.AreEqual(TimeSpan.FromTicks(ticks), timeout);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("S")]
    [DataRow("10")]
    [DataRow("10s")]
    [DataRow("-1S")]
    [DataRow("+1S")]
    [DataRow("1.5S")]
    [DataRow("100000000S")] // 9 digits
    [DataRow("soonS")]
    public void Malformed_timeouts_are_rejected(string header) =>
        Assert.IsFalse(GrpcProtocol.TryParseTimeout(header, out _));

    [TestMethod]
    [DataRow("application/grpc", true)]
    [DataRow("application/grpc+proto", true)]
    [DataRow("application/grpc; charset=utf-8", true)]
    [DataRow("application/grpc+proto;x=y", true)]
    [DataRow("application/grpc+json", false)]
    [DataRow("application/grpc-web", false)]
    [DataRow("application/json", false)]
    [DataRow(null, false)]
    public void Content_type(string? contentType, bool isGrpc) =>
        Assert.AreEqual(isGrpc, GrpcProtocol.IsGrpcContentType(contentType));

    [TestMethod]
    [DataRow("plain text", "plain text")]
    [DataRow("100%", "100%25")]
    [DataRow("tab\there", "tab%09here")]
    [DataRow("☺", "%E2%98%BA")]
    [DataRow("😈", "%F0%9F%98%88")]
    public void Status_message_percent_encoding_round_trips(string message, string encoded)
    {
        Assert.AreEqual(encoded, GrpcProtocol.EncodeMessage(message));
        Assert.AreEqual(message, GrpcProtocol.DecodeMessage(encoded));
    }

    [TestMethod]
    public void Malformed_percent_escapes_are_kept_as_they_are() =>
        Assert.AreEqual("50%zz and %4", GrpcProtocol.DecodeMessage("50%zz and %4"));

    [TestMethod]
    [DataRow("AQID", new byte[] { 1, 2, 3 })]
    [DataRow("AQI", new byte[] { 1, 2 })]
    [DataRow("AQI=", new byte[] { 1, 2 })]
    [DataRow("AQ", new byte[] { 1 })]
    [DataRow("", new byte[0])]
    public void Binary_headers_decode_with_or_without_padding(string value, byte[] expected) =>
        CollectionAssert.AreEqual(expected, GrpcProtocol.DecodeBinaryHeader(value));

    [TestMethod]
    public void Binary_header_of_impossible_length_is_rejected() =>
        Assert.ThrowsExactly<FormatException>(() => GrpcProtocol.DecodeBinaryHeader("A"));

    [TestMethod]
    [DataRow("identity,gzip", "gzip", true)]
    [DataRow("deflate, gzip", "gzip", true)]
    [DataRow("identity", "gzip", false)]
    [DataRow(null, "gzip", false)]
    public void Accept_encoding_lists(string? header, string encoding, bool accepted) =>
        Assert.AreEqual(accepted, GrpcProtocol.Accepts(header, encoding));

    [TestMethod]
    [DataRow(1L, "100n")]
    [DataRow(999_999L, "99999900n")]
    [DataRow(1_000_000L, "100000u")] // 100 ms: past 8 digits of nanoseconds
    [DataRow(10_000_000_001L, "1000001m")] // rounded up, never less time than allowed
    [DataRow(TimeSpan.TicksPerDay * 2000, "2880000M")]
    [DataRow(TimeSpan.TicksPerDay * 365 * 200, "1752000H")]
    public void Timeout_formats_in_the_finest_unit_that_fits_eight_digits(long ticks, string expected) =>
        Assert.AreEqual(expected, GrpcProtocol.FormatTimeout(TimeSpan.FromTicks(ticks)));

    [TestMethod]
    public void Formatted_timeouts_parse_back_to_at_least_the_timeout()
    {
        foreach (var ticks in new[] { 1L, 12_345L, 99_999_999L, 123_456_789_012L, TimeSpan.TicksPerDay * 3 })
        {
            Assert.IsTrue(GrpcProtocol.TryParseTimeout(GrpcProtocol.FormatTimeout(TimeSpan.FromTicks(ticks)), out var parsed));
            Assert.IsTrue(parsed.Ticks >= ticks, $"{ticks} ticks came back as {parsed.Ticks}");
        }
    }

    [TestMethod]
    public void An_expired_timeout_is_the_smallest_one() =>
        Assert.AreEqual("1n", GrpcProtocol.FormatTimeout(TimeSpan.FromSeconds(-1)));

    [TestMethod]
    [DataRow(400, StatusCode.Internal)]
    [DataRow(401, StatusCode.Unauthenticated)]
    [DataRow(403, StatusCode.PermissionDenied)]
    [DataRow(404, StatusCode.Unimplemented)]
    [DataRow(429, StatusCode.Unavailable)]
    [DataRow(502, StatusCode.Unavailable)]
    [DataRow(503, StatusCode.Unavailable)]
    [DataRow(504, StatusCode.Unavailable)]
    [DataRow(500, StatusCode.Unknown)]
    public void Http_status_without_grpc_status_maps_per_the_spec(int http, StatusCode expected) =>
        Assert.AreEqual(expected, GrpcProtocol.StatusFromHttpStatus(http));

    [TestMethod]
    [DataRow(0x0L, StatusCode.Internal)]
    [DataRow(0x2L, StatusCode.Internal)]
    [DataRow(0x7L, StatusCode.Unavailable)]
    [DataRow(0x8L, StatusCode.Cancelled)]
    [DataRow(0xBL, StatusCode.ResourceExhausted)]
    [DataRow(0xCL, StatusCode.PermissionDenied)]
    public void Stream_resets_map_per_the_spec(long errorCode, StatusCode expected) =>
        Assert.AreEqual(expected, GrpcProtocol.StatusFromHttp2Error(errorCode));

    [TestMethod]
    [DataRow("0", StatusCode.OK)]
    [DataRow("14", StatusCode.Unavailable)]
    [DataRow("-1", null)]
    [DataRow("x", null)]
    [DataRow(null, null)]
    public void Status_codes_parse(string? value, StatusCode? expected) =>
        Assert.AreEqual(expected, GrpcProtocol.ParseStatusCode(value));
}
