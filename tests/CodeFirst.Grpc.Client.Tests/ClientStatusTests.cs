using CodeFirst.Grpc.Client.Internal;
using CodeFirst.Grpc.ErrorDetails;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>What the client makes of a response's status headers, without a socket.</summary>
[TestClass]
public sealed class ClientStatusTests
{
    private static readonly Status InvalidArgument = new(StatusCode.InvalidArgument, "the name is missing");

    [TestMethod]
    public void A_detail_that_does_not_decode_stays_as_its_Any_and_the_other_details_still_arrive()
    {
        var broken = new Any { TypeUrl = "type.googleapis.com/google.rpc.ErrorInfo", Value = [0x0A, 0x09, 0x41] };
        var badRequest = new BadRequest { FieldViolations = { new BadRequestFieldViolation { Field = "name", Description = "required" } } };

        var e = ClientStatus.ToException(InvalidArgument, Metadata.Empty, StatusHeaders(RichStatus.Encode(InvalidArgument, [broken, badRequest])));

        Assert.AreEqual(InvalidArgument, e.Status);
        Assert.HasCount(2, e.Details);
        var kept = Assert.IsInstanceOfType<Any>(e.Details[0]);
        Assert.AreEqual(broken.TypeUrl, kept.TypeUrl);
        CollectionAssert.AreEqual(broken.Value, kept.Value);
        Assert.IsNull(e.GetDetail<ErrorInfo>());
        Assert.AreEqual("name", e.GetDetail<BadRequest>()?.FieldViolations.Single().Field);
    }

    [TestMethod]
    public void A_status_details_header_that_does_not_decode_leaves_the_status_without_details()
    {
        var e = ClientStatus.ToException(InvalidArgument, Metadata.Empty, StatusHeaders([0x1A, 0x05, 0x0A]));

        Assert.AreEqual(InvalidArgument, e.Status);
        Assert.IsEmpty(e.Details);
    }

    // The header is judged as received; a form only the parsed header accepts (a space before a parameter) still is gRPC.
    [TestMethod]
    [DataRow("application/grpc")]
    [DataRow("application/grpc+proto")]
    [DataRow("Application/GRPC; charset=utf-8")]
    [DataRow("application/grpc ; charset=utf-8")]
    public void A_gRPC_content_type_leaves_the_status_to_the_trailers(string contentType)
    {
        Assert.IsNull(ClientStatus.FromResponseHeaders(ResponseWithContentType(contentType)));
    }

    [TestMethod]
    [DataRow("text/html; charset=utf-8", "text/html")]
    [DataRow("application/grpc-web", "application/grpc-web")]
    [DataRow(null, "")]
    public void Another_content_type_is_UNKNOWN_naming_the_media_type(string? contentType, string named)
    {
        var status = ClientStatus.FromResponseHeaders(ResponseWithContentType(contentType));

        Assert.AreEqual(StatusCode.Unknown, status?.StatusCode);
        StringAssert.Contains(status?.Detail, $"content type '{named}' is not application/grpc");
    }

    private static HttpResponseMessage ResponseWithContentType(string? contentType)
    {
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        if (contentType is not null)
        {
            response.Content.Headers.TryAddWithoutValidation("content-type", contentType);
        }
        return response;
    }

    private static System.Net.Http.Headers.HttpResponseHeaders StatusHeaders(byte[] statusDetails)
    {
        var headers = new HttpResponseMessage().Headers;
        headers.TryAddWithoutValidation(RichStatus.TrailerName, Convert.ToBase64String(statusDetails));
        return headers;
    }
}
