using System.Text;
using Google.Protobuf.Reflection;
using Label = Google.Protobuf.Reflection.FieldDescriptorProto.Types.Label;
using Type = Google.Protobuf.Reflection.FieldDescriptorProto.Types.Type;

namespace CodeFirst.Grpc.Schema.Internal;

/// <summary>Renders a <see cref="FileDescriptorProto"/> as proto3 text, deterministically.</summary>
internal sealed class ProtoTextWriter
{
    private readonly StringBuilder _text = new();
    private readonly string _package;
    private int _indent;

    private ProtoTextWriter(string package) => _package = package;

    public static string Write(FileDescriptorProto file, string? headerComment)
    {
        var writer = new ProtoTextWriter(file.Package);
        writer.WriteFile(file, headerComment);
        return writer._text.ToString();
    }

    private void WriteFile(FileDescriptorProto file, string? headerComment)
    {
        if (headerComment is not null)
        {
            foreach (var line in headerComment.Split('\n'))
            {
                Line("// " + line);
            }
        }
        Line($"syntax = \"{(string.IsNullOrEmpty(file.Syntax) ? "proto3" : file.Syntax)}\";");
        if (file.Package.Length > 0)
        {
            Line();
            Line($"package {file.Package};");
        }
        if (file.Dependency.Count > 0)
        {
            Line();
            foreach (var dependency in file.Dependency)
            {
                Line($"import \"{dependency}\";");
            }
        }
        foreach (var service in file.Service)
        {
            Line();
            WriteService(service);
        }
        foreach (var message in file.MessageType)
        {
            Line();
            WriteMessage(message);
        }
        foreach (var enumType in file.EnumType)
        {
            Line();
            WriteEnum(enumType);
        }
    }

    private void WriteService(ServiceDescriptorProto service)
    {
        Line($"service {service.Name} {{");
        _indent++;
        foreach (var method in service.Method)
        {
            var input = (method.ClientStreaming ? "stream " : "") + TypeName(method.InputType);
            var output = (method.ServerStreaming ? "stream " : "") + TypeName(method.OutputType);
            Line($"rpc {method.Name} ({input}) returns ({output});");
        }
        _indent--;
        Line("}");
    }

    private void WriteMessage(DescriptorProto message)
    {
        Line($"message {message.Name} {{");
        _indent++;
        var mapEntries = message.NestedType.Where(n => n.Options?.MapEntry == true).ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var field in message.Field)
        {
            if (field.Type == Type.Message && field.Label == Label.Repeated && mapEntries.TryGetValue(LastSegment(field.TypeName), out var entry))
            {
                Line($"map<{FieldType(entry.Field[0])}, {FieldType(entry.Field[1])}> {field.Name} = {field.Number};");
                continue;
            }
            var label = field.Label == Label.Repeated ? "repeated " : field.Proto3Optional ? "optional " : "";
            Line($"{label}{FieldType(field)} {field.Name} = {field.Number};");
        }
        foreach (var nested in message.NestedType.Where(n => n.Options?.MapEntry != true))
        {
            Line();
            WriteMessage(nested);
        }
        foreach (var nested in message.EnumType)
        {
            Line();
            WriteEnum(nested);
        }
        _indent--;
        Line("}");
    }

    private void WriteEnum(EnumDescriptorProto enumType)
    {
        Line($"enum {enumType.Name} {{");
        _indent++;
        foreach (var value in enumType.Value)
        {
            Line($"{value.Name} = {value.Number};");
        }
        _indent--;
        Line("}");
    }

    private string FieldType(FieldDescriptorProto field) => field.Type switch
    {
        Type.Message or Type.Enum => TypeName(field.TypeName),
        Type.Double => "double",
        Type.Float => "float",
        Type.Int64 => "int64",
        Type.Uint64 => "uint64",
        Type.Int32 => "int32",
        Type.Fixed64 => "fixed64",
        Type.Fixed32 => "fixed32",
        Type.Bool => "bool",
        Type.String => "string",
        Type.Bytes => "bytes",
        Type.Uint32 => "uint32",
        Type.Sfixed32 => "sfixed32",
        Type.Sfixed64 => "sfixed64",
        Type.Sint32 => "sint32",
        Type.Sint64 => "sint64",
        _ => throw new InvalidOperationException($"Field {field.Name} has type {field.Type}, which proto3 has no syntax for."),
    };

    /// <summary>A type name relative to this file's package where that is unambiguous, else fully qualified.</summary>
    private string TypeName(string fullName)
    {
        var name = fullName.TrimStart('.');
        var prefix = _package + ".";
        return _package.Length > 0 && name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }

    private static string LastSegment(string name) => name[(name.LastIndexOf('.') + 1)..];

    private void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _text.Append(' ', _indent * 2);
        }
        _text.Append(text).Append('\n');
    }
}
