using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Schema;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace CodeFirst.Grpc.AspNetCore.Reflection;

/// <summary>
/// What server reflection knows: the mapped services' names, their files (from the contract model, through
/// <see cref="ProtoSchema.GetFileDescriptors"/>) with the well-known files they import (Google.Protobuf's own),
/// serialized once, and every symbol those files declare.
/// </summary>
internal sealed class ReflectionIndex
{
    /// <summary>The <c>google/protobuf/*.proto</c> files Google.Protobuf carries, by name.</summary>
    private static readonly Dictionary<string, FileDescriptor> WellKnownFiles = new FileDescriptor[]
    {
        AnyReflection.Descriptor, ApiReflection.Descriptor, DurationReflection.Descriptor, EmptyReflection.Descriptor,
        FieldMaskReflection.Descriptor, SourceContextReflection.Descriptor, StructReflection.Descriptor,
        TimestampReflection.Descriptor, TypeReflection.Descriptor, WrappersReflection.Descriptor, DescriptorReflection.Descriptor,
    }.ToDictionary(file => file.Name, StringComparer.Ordinal);

    private readonly Dictionary<string, (FileDescriptorProto Proto, byte[] Bytes)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fileBySymbol = new(StringComparer.Ordinal);
    private readonly HashSet<string> _messages = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="services"/> and the files that describe them.</summary>
    /// <exception cref="InvalidContractException">The services' contracts cannot be described together (two packages in one file).</exception>
    public ReflectionIndex(IReadOnlyCollection<ServiceContract> services)
    {
        ServiceNames = services.Select(s => s.FullName).Order(StringComparer.Ordinal).ToList();
        foreach (var file in ProtoSchema.GetFileDescriptors(services.OrderBy(s => s.FullName, StringComparer.Ordinal).Select(s => s.Type)))
        {
            _files.Add(file.Name, (file, file.ToByteArray()));
        }
        // The model imports well-known files but never describes them: serve Google.Protobuf's (and what they import).
        var pending = new Queue<string>(_files.Values.SelectMany(f => f.Proto.Dependency));
        while (pending.TryDequeue(out var name))
        {
            if (!_files.ContainsKey(name) && WellKnownFiles.TryGetValue(name, out var wellKnown))
            {
                _files.Add(name, (FileDescriptorProto.Parser.ParseFrom(wellKnown.SerializedData), wellKnown.SerializedData.ToByteArray()));
                foreach (var dependency in wellKnown.Dependencies)
                {
                    pending.Enqueue(dependency.Name);
                }
            }
        }
        foreach (var (name, file) in _files)
        {
            IndexFile(name, file.Proto);
        }
    }

    /// <summary>The full names of the mapped services, sorted.</summary>
    public IReadOnlyList<string> ServiceNames { get; }

    /// <summary>
    /// The serialized file <paramref name="fileName"/> followed by its transitive dependencies (breadth first, each
    /// once), or <see langword="null"/> when no such file is known. Every answer is complete on its own: files sent
    /// earlier on the stream are sent again (upstream allows either).
    /// </summary>
    public List<byte[]>? FileWithDependencies(string fileName)
    {
        if (!_files.ContainsKey(fileName))
        {
            return null;
        }
        var result = new List<byte[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { fileName };
        var pending = new Queue<string>([fileName]);
        while (pending.TryDequeue(out var name))
        {
            if (!_files.TryGetValue(name, out var file))
            {
                continue;
            }
            result.Add(file.Bytes);
            foreach (var dependency in file.Proto.Dependency)
            {
                if (seen.Add(dependency))
                {
                    pending.Enqueue(dependency);
                }
            }
        }
        return result;
    }

    /// <summary>The name of the file declaring <paramref name="symbol"/>, or <see langword="null"/>.</summary>
    public string? FileContaining(string symbol) =>
        _fileBySymbol.TryGetValue(symbol.StartsWith('.') ? symbol[1..] : symbol, out var file) ? file : null;

    /// <summary>True when <paramref name="fullName"/> names a message type (for <c>all_extension_numbers_of_type</c>).</summary>
    public bool IsMessage(string fullName) => _messages.Contains(fullName.StartsWith('.') ? fullName[1..] : fullName);

    private void IndexFile(string file, FileDescriptorProto proto)
    {
        var package = proto.Package;
        foreach (var message in proto.MessageType)
        {
            IndexMessage(file, package, message);
        }
        foreach (var enumType in proto.EnumType)
        {
            IndexEnum(file, package, enumType);
        }
        foreach (var service in proto.Service)
        {
            var serviceName = Qualify(package, service.Name);
            Add(serviceName, file);
            foreach (var method in service.Method)
            {
                Add(Qualify(serviceName, method.Name), file);
            }
        }
    }

    private void IndexMessage(string file, string scope, DescriptorProto message)
    {
        var name = Qualify(scope, message.Name);
        Add(name, file);
        _messages.Add(name);
        foreach (var field in message.Field)
        {
            Add(Qualify(name, field.Name), file);
        }
        foreach (var oneof in message.OneofDecl)
        {
            Add(Qualify(name, oneof.Name), file);
        }
        foreach (var nested in message.NestedType)
        {
            IndexMessage(file, name, nested);
        }
        foreach (var enumType in message.EnumType)
        {
            IndexEnum(file, name, enumType);
        }
    }

    private void IndexEnum(string file, string scope, EnumDescriptorProto enumType)
    {
        var name = Qualify(scope, enumType.Name);
        Add(name, file);
        foreach (var value in enumType.Value)
        {
            // Protobuf scopes enum values beside their enum (package.SERVING); older servers also answered Enum.VALUE.
            Add(Qualify(scope, value.Name), file);
            Add(Qualify(name, value.Name), file);
        }
    }

    private void Add(string symbol, string file) => _fileBySymbol.TryAdd(symbol, file);

    private static string Qualify(string scope, string name) => scope.Length == 0 ? name : scope + "." + name;
}
