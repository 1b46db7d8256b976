using System.Text.Json;
using CodeFirst.Grpc.ErrorDetails;
using CodeFirst.Orders.Client.Output;

namespace CodeFirst.Orders.Client.Tests;

/// <summary>A failed call on stderr: code name, message, rich details readably, and the same as JSON with <c>--json</c>.</summary>
[TestClass]
public sealed class ErrorPrinterTests
{
    private static RpcException Rich() => new(StatusCode.InvalidArgument, "The order is not valid",
    [
        new ErrorInfo { Reason = "ORDER_INVALID", Domain = "order.v1", Metadata = { ["order_id"] = "o-1", ["attempt"] = "2" } },
        new BadRequest
        {
            FieldViolations =
            {
                new BadRequestFieldViolation { Field = "items[0].quantity", Description = "must be 1..10000, not 0" },
                new BadRequestFieldViolation { Field = "customer_id", Description = "must not be empty" },
            },
        },
        new RetryInfo { RetryDelay = TimeSpan.FromSeconds(2) },
        new Any { TypeUrl = "type.googleapis.com/acme.v1.Custom", Value = [1, 2, 3] },
    ]);

    [TestMethod]
    public void Describes_code_message_error_info_and_each_field_violation()
    {
        var lines = ErrorPrinter.Describe(Rich()).ToList();

        CollectionAssert.AreEqual(new[]
        {
            "error: INVALID_ARGUMENT: The order is not valid",
            "  ErrorInfo: reason ORDER_INVALID, domain order.v1",
            "    attempt: 2",
            "    order_id: o-1",
            "  BadRequest:",
            "    items[0].quantity: must be 1..10000, not 0",
            "    customer_id: must not be empty",
            "  RetryInfo: {\"retryDelay\":\"00:00:02\"}",
            "  type.googleapis.com/acme.v1.Custom (3 bytes, not decoded)",
        }, lines);
    }

    [TestMethod]
    public void Json_has_the_shape_of_google_rpc_status_with_typed_details()
    {
        using var document = JsonDocument.Parse(ErrorPrinter.ToJson(Rich(), hint: "try again"));
        var root = document.RootElement;

        Assert.AreEqual(3, root.GetProperty("code").GetInt32());
        Assert.AreEqual("INVALID_ARGUMENT", root.GetProperty("status").GetString());
        Assert.AreEqual("The order is not valid", root.GetProperty("message").GetString());
        Assert.AreEqual("try again", root.GetProperty("hint").GetString());
        var details = root.GetProperty("details");
        Assert.AreEqual("type.googleapis.com/google.rpc.ErrorInfo", details[0].GetProperty("@type").GetString());
        Assert.AreEqual("ORDER_INVALID", details[0].GetProperty("reason").GetString());
        Assert.AreEqual("order.v1", details[0].GetProperty("domain").GetString());
        Assert.AreEqual("o-1", details[0].GetProperty("metadata").GetProperty("order_id").GetString());
        Assert.AreEqual("type.googleapis.com/google.rpc.BadRequest", details[1].GetProperty("@type").GetString());
        var violation = details[1].GetProperty("fieldViolations")[0];
        Assert.AreEqual("items[0].quantity", violation.GetProperty("field").GetString());
        Assert.AreEqual("must be 1..10000, not 0", violation.GetProperty("description").GetString());
        Assert.AreEqual("type.googleapis.com/google.rpc.RetryInfo", details[2].GetProperty("@type").GetString());
        Assert.AreEqual("type.googleapis.com/acme.v1.Custom", details[3].GetProperty("@type").GetString());
        Assert.AreEqual("AQID", details[3].GetProperty("value").GetString());
    }

    [TestMethod]
    public void Write_adds_the_hint_and_with_json_a_last_line_of_json()
    {
        var error = new StringWriter();

        ErrorPrinter.Write(error, new RpcException(StatusCode.NotFound, "Order 'x' was not found."), "look elsewhere", json: true);

        var lines = error.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.AreEqual("error: NOT_FOUND: Order 'x' was not found.", lines[0]);
        Assert.AreEqual("hint: look elsewhere", lines[1]);
        Assert.AreEqual("NOT_FOUND", JsonDocument.Parse(lines[2]).RootElement.GetProperty("status").GetString());
        Assert.HasCount(3, lines);
    }

    [TestMethod]
    public void Without_a_message_only_the_code_is_printed()
    {
        Assert.AreEqual("error: CANCELLED", ErrorPrinter.Describe(new RpcException(StatusCode.Cancelled, "")).Single());
    }

    [TestMethod]
    public void Status_codes_have_their_grpc_names()
    {
        Assert.AreEqual("OK", StatusCodeNames.Name(StatusCode.OK));
        Assert.AreEqual("DEADLINE_EXCEEDED", StatusCodeNames.Name(StatusCode.DeadlineExceeded));
        Assert.AreEqual("UNAUTHENTICATED", StatusCodeNames.Name(StatusCode.Unauthenticated));
        Assert.AreEqual("CODE_42", StatusCodeNames.Name((StatusCode)42));
    }
}
