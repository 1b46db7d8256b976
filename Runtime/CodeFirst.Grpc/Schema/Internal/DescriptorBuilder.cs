using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Contracts.Internal;
using Google.Protobuf.Reflection;
using Label = Google.Protobuf.Reflection.FieldDescriptorProto.Types.Label;
using ProtoType = Google.Protobuf.Reflection.FieldDescriptorProto.Types.Type;

namespace CodeFirst.Grpc.Schema.Internal;

/// <summary>Turns contracts into <see cref="FileDescriptorProto"/>s: one per file, types in discovery order.</summary>
internal sealed class DescriptorBuilder
{
    private readonly List<ServiceContract> _services = [];
    private readonly List<MessageContract> _messages = [];
    private readonly List<EnumContract> _enums = [];
    private readonly HashSet<Type> _seen = [];

    public static IReadOnlyList<FileDescriptorProto> Build(IEnumerable<Type> roots)
    {
        var builder = new DescriptorBuilder();
        foreach (var type in roots)
        {
            builder.Visit(type);
        }
        return builder.Files();
    }

    private void Visit(Type type)
    {
        if (!_seen.Add(type))
        {
            return;
        }
        if (type.IsInterface)
        {
            var service = ContractModel.GetService(type);
            _services.Add(service);
            foreach (var method in service.Methods)
            {
                Visit(method.RequestType);
                Visit(method.ResponseType);
            }
        }
        else if (type.IsEnum)
        {
            _enums.Add(ContractModel.GetEnum(type));
        }
        else
        {
            var message = ContractModel.GetMessage(type);
            _messages.Add(message);
            foreach (var field in message.Fields)
            {
                foreach (var value in new[] { field.Key, field.Value })
                {
                    if (value is { WellKnown: null } && value.ProtoType is ProtoFieldType.Message or ProtoFieldType.Enum)
                    {
                        Visit(value.ClrType);
                    }
                }
            }
        }
    }

    private List<FileDescriptorProto> Files()
    {
        var files = new Dictionary<string, FileDescriptorProto>(StringComparer.Ordinal);
        var owners = new Dictionary<string, Type>(StringComparer.Ordinal);
        FileDescriptorProto FileFor(string path, string package, Type type)
        {
            if (!files.TryGetValue(path, out var file))
            {
                file = new FileDescriptorProto { Name = path, Package = package, Syntax = "proto3" };
                files.Add(path, file);
                owners.Add(path, type);
            }
            else if (file.Package != package)
            {
                throw new InvalidContractException(type, null,
                    $"{type.FullName} (package '{package}') would be exported to {path}, which already holds package '{file.Package}' (from {owners[path].FullName}); give it its own file with [ProtoPackage(..., FileName = ...)].");
            }
            return file;
        }

        // Well-known files (google/protobuf/*.proto) ship with protoc and buf: types in them are imported, never written.
        foreach (var service in _services.Where(s => !IsWellKnownFile(s.File)))
        {
            FileFor(service.File, service.Package, service.Type).Service.Add(Service(service));
        }
        foreach (var message in _messages.Where(m => !IsWellKnownFile(m.File)))
        {
            var file = FileFor(message.File, message.Package, message.Type);
            file.MessageType.Add(Message(message));
        }
        foreach (var contract in _enums.Where(e => !IsWellKnownFile(e.File)))
        {
            FileFor(contract.File, contract.Package, contract.Type).EnumType.Add(Enum(contract));
        }
        var fileOfType = _messages.Select(m => (m.FullName, m.File)).Concat(_enums.Select(e => (e.FullName, e.File)))
            .ToDictionary(t => "." + t.FullName, t => t.File, StringComparer.Ordinal);
        foreach (var file in files.Values)
        {
            var imports = Imports(file, fileOfType).Where(i => i != file.Name).Distinct().Order(StringComparer.Ordinal);
            file.Dependency.AddRange(imports);
        }
        return TopologicalOrder(files);
    }

    /// <summary>The files <paramref name="file"/> refers to, given each type's file (keys are .full.names).</summary>
    private static IEnumerable<string> Imports(FileDescriptorProto file, Dictionary<string, string> fileOfType)
    {
        var referenced = file.MessageType.SelectMany(AllFields).Select(f => f.TypeName)
            .Concat(file.Service.SelectMany(s => s.Method).SelectMany(m => new[] { m.InputType, m.OutputType }))
            .Where(n => !string.IsNullOrEmpty(n));
        foreach (var name in referenced)
        {
            if (fileOfType.TryGetValue(name, out var path))
            {
                yield return path;
            }
            else if (WellKnownFiles.TryGetValue(name, out var wellKnown))
            {
                yield return wellKnown;
            }
        }
    }

    /// <summary>
    /// True for files that protoc and buf ship (<c>google/protobuf/*.proto</c>): a contract exported to one, such
    /// as <c>google.protobuf.Any</c>, is imported from it rather than written out.
    /// </summary>
    internal static bool IsWellKnownFile(string path) => path.StartsWith(WellKnownPrefix, StringComparison.Ordinal);

    private const string WellKnownPrefix = "google/protobuf/";

    private static readonly Dictionary<string, string> WellKnownFiles = new(StringComparer.Ordinal)
    {
        [".google.protobuf.Timestamp"] = "google/protobuf/timestamp.proto",
        [".google.protobuf.Duration"] = "google/protobuf/duration.proto",
    };

    private static IEnumerable<FieldDescriptorProto> AllFields(DescriptorProto message) =>
        message.Field.Concat(message.NestedType.SelectMany(AllFields));

    private static List<FileDescriptorProto> TopologicalOrder(Dictionary<string, FileDescriptorProto> files)
    {
        var ordered = new List<FileDescriptorProto>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        void Add(FileDescriptorProto file, int depth)
        {
            if (depth > files.Count || !done.Add(file.Name))
            {
                return;
            }
            foreach (var dependency in file.Dependency)
            {
                if (files.TryGetValue(dependency, out var inner))
                {
                    Add(inner, depth + 1);
                }
            }
            ordered.Add(file);
        }
        foreach (var file in files.Values)
        {
            Add(file, 0);
        }
        return ordered;
    }

    private static ServiceDescriptorProto Service(ServiceContract service)
    {
        var proto = new ServiceDescriptorProto { Name = service.Name };
        foreach (var method in service.Methods)
        {
            proto.Method.Add(new MethodDescriptorProto
            {
                Name = method.Name,
                InputType = "." + method.Request.FullName,
                OutputType = "." + method.Response.FullName,
                ClientStreaming = method.Type is MethodType.ClientStreaming or MethodType.DuplexStreaming,
                ServerStreaming = method.Type is MethodType.ServerStreaming or MethodType.DuplexStreaming,
            });
        }
        return proto;
    }

    private static DescriptorProto Message(MessageContract message)
    {
        var proto = new DescriptorProto { Name = message.Name };
        foreach (var field in message.Fields)
        {
            var descriptor = Field(field.Name, field.Number, field.Value);
            switch (field.Cardinality)
            {
                case FieldCardinality.Optional:
                    // proto3 'optional' is a synthetic one-field oneof named _<field>.
                    descriptor.Proto3Optional = true;
                    descriptor.OneofIndex = proto.OneofDecl.Count;
                    proto.OneofDecl.Add(new OneofDescriptorProto { Name = "_" + field.Name });
                    break;
                case FieldCardinality.Repeated:
                    descriptor.Label = Label.Repeated;
                    break;
                case FieldCardinality.Map:
                    var entry = new DescriptorProto
                    {
                        Name = ProtoNames.ToPascalCase(field.Name) + "Entry",
                        Options = new MessageOptions { MapEntry = true },
                    };
                    entry.Field.Add(Field("key", 1, field.Key!));
                    entry.Field.Add(Field("value", 2, field.Value));
                    proto.NestedType.Add(entry);
                    descriptor.Label = Label.Repeated;
                    descriptor.Type = ProtoType.Message;
                    descriptor.TypeName = "." + message.FullName + "." + entry.Name;
                    break;
            }
            proto.Field.Add(descriptor);
        }
        // Synthetic oneofs must come after real ones; there are no real oneofs, so they already do.
        return proto;
    }

    private static FieldDescriptorProto Field(string name, int number, ValueContract value)
    {
        var field = new FieldDescriptorProto
        {
            Name = name,
            Number = number,
            Label = Label.Optional,
            Type = (ProtoType)(int)value.ProtoType,
            JsonName = JsonName(name),
        };
        if (value.TypeName is { } typeName)
        {
            field.TypeName = typeName;
        }
        return field;
    }

    /// <summary>protoc's JSON name: underscores dropped, the letter after each one upper-cased.</summary>
    private static string JsonName(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return builder.ToString();
    }

    private static EnumDescriptorProto Enum(EnumContract contract)
    {
        var proto = new EnumDescriptorProto { Name = contract.Name };
        foreach (var value in contract.Values)
        {
            proto.Value.Add(new EnumValueDescriptorProto { Name = value.Name, Number = value.Number });
        }
        return proto;
    }
}
