using System.Text.Encodings.Web;
using System.Text.Json;
using CodeFirst.Grpc;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.ErrorDetails;

namespace CodeFirst.Orders.Client.Output;

/// <summary>
/// Failed calls on stderr: the status code's name, the server's message, the rich details one per line
/// (<c>field: description</c> for each bad field), a hint when the fix is on our side; with <c>--json</c>, then
/// the same as one JSON object in the shape of <c>google.rpc.Status</c>.
/// </summary>
internal static class ErrorPrinter
{
    private static readonly JsonSerializerOptions DetailOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null, // metadata keys are data, not field names
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter error, RpcException exception, string? hint, bool json)
    {
        foreach (var line in Describe(exception))
        {
            error.WriteLine(line);
        }
        if (hint is not null)
        {
            error.WriteLine("hint: " + hint);
        }
        if (json)
        {
            error.WriteLine(ToJson(exception, hint));
        }
    }

    /// <summary>A failure that is not a call's status (a bad upload file, say).</summary>
    public static void Write(TextWriter error, string message, bool json)
    {
        error.WriteLine("error: " + message);
        if (json)
        {
            error.WriteLine(JsonText.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("message", message);
                writer.WriteEndObject();
            }));
        }
    }

    /// <summary>The human lines: <c>error: NOT_FOUND: ...</c>, then one indented block per detail.</summary>
    public static IEnumerable<string> Describe(RpcException exception)
    {
        var message = exception.Status.Detail;
        yield return $"error: {StatusCodeNames.Name(exception.StatusCode)}{(message.Length > 0 ? ": " + message : "")}";
        foreach (var detail in exception.Details)
        {
            switch (detail)
            {
                case ErrorInfo info:
                    yield return $"  ErrorInfo: reason {info.Reason}, domain {info.Domain}";
                    foreach (var (key, value) in info.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                    {
                        yield return $"    {key}: {value}";
                    }
                    break;
                case BadRequest badRequest:
                    yield return "  BadRequest:";
                    foreach (var violation in badRequest.FieldViolations)
                    {
                        yield return $"    {violation.Field}: {violation.Description}";
                    }
                    break;
                case PreconditionFailure preconditionFailure:
                    yield return "  PreconditionFailure:";
                    foreach (var violation in preconditionFailure.Violations)
                    {
                        yield return $"    {violation.Type} {violation.Subject}: {violation.Description}";
                    }
                    break;
                case Any any:
                    yield return $"  {any.TypeUrl} ({any.Value.Length} bytes, not decoded)";
                    break;
                default:
                    yield return $"  {detail.GetType().Name}: {JsonSerializer.Serialize(detail, detail.GetType(), DetailOptions)}";
                    break;
            }
        }
    }

    /// <summary><c>{"code":5,"status":"NOT_FOUND","message":"...","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",...}]}</c></summary>
    public static string ToJson(RpcException exception, string? hint = null) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("code", (int)exception.StatusCode);
        writer.WriteString("status", StatusCodeNames.Name(exception.StatusCode));
        writer.WriteString("message", exception.Status.Detail);
        writer.WriteStartArray("details");
        foreach (var detail in exception.Details)
        {
            WriteDetail(writer, detail);
        }
        writer.WriteEndArray();
        if (hint is not null)
        {
            writer.WriteString("hint", hint);
        }
        writer.WriteEndObject();
    });

    private static void WriteDetail(Utf8JsonWriter writer, object detail)
    {
        writer.WriteStartObject();
        if (detail is Any any)
        {
            writer.WriteString("@type", any.TypeUrl);
            writer.WriteBase64String("value", any.Value);
        }
        else
        {
            writer.WriteString("@type", RichStatus.TypeUrlPrefix + ContractModel.GetMessage(detail.GetType()).FullName);
            using var fields = JsonSerializer.SerializeToDocument(detail, detail.GetType(), DetailOptions);
            foreach (var field in fields.RootElement.EnumerateObject())
            {
                field.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }
}
