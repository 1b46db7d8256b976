using System.Text;
using Google.Protobuf.Reflection;

namespace CodeFirst.Testing;

/// <summary>
/// A canonical text of what a file descriptor means on the wire (package, services, methods with
/// streaming flags, messages, fields with numbers, types, labels, enums), ignoring file names,
/// comments, options and declaration order, so two descriptors can be compared with a readable diff.
/// </summary>
public static class DescriptorText
{
    public static string Describe(FileDescriptorProto file)
    {
        var text = new StringBuilder();
        text.AppendLine($"package {file.Package}");
        text.AppendLine($"imports {string.Join(", ", file.Dependency.Order(StringComparer.Ordinal))}");
        foreach (var service in file.Service.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"service {service.Name}");
            foreach (var method in service.Method.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  rpc {method.Name} ({(method.ClientStreaming ? "stream " : "")}{method.InputType}) returns ({(method.ServerStreaming ? "stream " : "")}{method.OutputType})");
            }
        }
        foreach (var message in file.MessageType.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            DescribeMessage(text, message, "");
        }
        foreach (var enumType in file.EnumType.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            DescribeEnum(text, enumType, "");
        }
        return text.ToString();
    }

    private static void DescribeMessage(StringBuilder text, DescriptorProto message, string indent)
    {
        text.AppendLine($"{indent}message {message.Name}{(message.Options?.MapEntry == true ? " (map entry)" : "")}");
        foreach (var field in message.Field.OrderBy(f => f.Number))
        {
            var oneof = field.HasOneofIndex ? $" oneof {message.OneofDecl[field.OneofIndex].Name}" : "";
            text.AppendLine($"{indent}  {field.Number}: {field.Name} {field.Label} {field.Type} {field.TypeName}{(field.Proto3Optional ? " proto3_optional" : "")}{oneof}");
        }
        foreach (var nested in message.NestedType.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            DescribeMessage(text, nested, indent + "  ");
        }
        foreach (var nested in message.EnumType.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            DescribeEnum(text, nested, indent + "  ");
        }
    }

    private static void DescribeEnum(StringBuilder text, EnumDescriptorProto enumType, string indent)
    {
        text.AppendLine($"{indent}enum {enumType.Name}");
        foreach (var value in enumType.Value.OrderBy(v => v.Number))
        {
            text.AppendLine($"{indent}  {value.Name} = {value.Number}");
        }
    }
}
