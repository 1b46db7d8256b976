using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;

namespace CodeFirst.Grpc.Contracts.Internal;

/// <summary>
/// Reads contract attributes into the model. One builder serves one top-level request and every type
/// reachable from it, so recursive types resolve against the builder's own table and nothing is
/// published until the whole graph is valid.
/// </summary>
internal sealed class ContractBuilder
{
    private const int MaxFieldNumber = (1 << 29) - 1;
    private const int FirstReservedNumber = 19000;
    private const int LastReservedNumber = 19999;

    private readonly Dictionary<Type, MessageContract> _messages = [];
    private readonly Dictionary<Type, EnumContract> _enums = [];

    public static bool IsMessageType(Type type) =>
        type.IsClass && type.GetCustomAttribute<DataContractAttribute>(inherit: false) is not null;

    public void Publish(ConcurrentDictionary<Type, MessageContract> messages, ConcurrentDictionary<Type, EnumContract> enums)
    {
        foreach (var (type, contract) in _messages)
        {
            messages.TryAdd(type, contract);
        }
        foreach (var (type, contract) in _enums)
        {
            enums.TryAdd(type, contract);
        }
    }

    public static MessageContract BuildMessage(Type type, ContractBuilder builder) => builder.Message(type);

    public static EnumContract BuildEnum(Type type, ContractBuilder builder) => builder.Enum(type);

    public static ServiceContract BuildService(Type type, ContractBuilder builder) => builder.Service(type);

    private MessageContract Message(Type type)
    {
        if (_messages.TryGetValue(type, out var known))
        {
            return known;
        }
        var dataContract = type.GetCustomAttribute<DataContractAttribute>(inherit: false);
        if (dataContract is null || !type.IsClass)
        {
            throw new InvalidContractException(type, null, $"{type.FullName} is not a message contract: mark a class with [DataContract].");
        }
        if (type.IsAbstract || type.IsGenericTypeDefinition)
        {
            throw new InvalidContractException(type, null, $"{type.FullName} cannot be a message contract: it is abstract or an open generic type.");
        }
        if (type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is null)
        {
            throw new InvalidContractException(type, null, $"{type.FullName} needs a parameterless constructor (any accessibility) to be decoded.");
        }
        var name = dataContract.IsNameSetExplicitly ? dataContract.Name! : type.Name;
        if (type.IsGenericType && !dataContract.IsNameSetExplicitly)
        {
            throw new InvalidContractException(type, null, $"{type.FullName} is generic: give it a protobuf name with [DataContract(Name = ...)].");
        }
        Require(ProtoNames.IsValidIdentifier(name), type, null, $"{type.FullName}: '{name}' is not a valid protobuf message name.");
        var contract = new MessageContract(type, name, PackageOf(type)) { File = FileOf(type) };
        _messages.Add(type, contract);
        try
        {
            contract.Fields = Fields(type);
        }
        catch
        {
            _messages.Remove(type);
            throw;
        }
        return contract;
    }

    private List<FieldContract> Fields(Type type)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var fields = new List<FieldContract>();
        var byNumber = new Dictionary<int, FieldContract>();
        var byName = new Dictionary<string, FieldContract>(StringComparer.Ordinal);
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            var members = current.GetProperties(flags | BindingFlags.DeclaredOnly).Cast<MemberInfo>()
                .Concat(current.GetFields(flags | BindingFlags.DeclaredOnly));
            foreach (var member in members)
            {
                DataMemberAttribute? dataMember;
                try
                {
                    dataMember = member.GetCustomAttribute<DataMemberAttribute>(inherit: true);
                }
                catch (CustomAttributeFormatException)
                {
                    // DataMemberAttribute's setter throws for a negative Order, so the attribute cannot even be read.
                    var order = member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(DataMemberAttribute))?
                        .NamedArguments.FirstOrDefault(a => a.MemberName == nameof(DataMemberAttribute.Order)).TypedValue.Value;
                    throw new InvalidContractException(type, member.Name,
                        $"{type.FullName}.{member.Name}: field number {order} is out of range; set [DataMember(Order = N)] with N from 1 to {MaxFieldNumber}.");
                }
                if (dataMember is null)
                {
                    continue;
                }
                var field = Field(type, member, dataMember);
                if (byNumber.TryGetValue(field.Number, out var clash))
                {
                    throw new InvalidContractException(type, member.Name,
                        $"{type.FullName}.{member.Name}: field number {field.Number} is already used by {clash.Member.Name}.");
                }
                if (byName.TryGetValue(field.Name, out var nameClash))
                {
                    throw new InvalidContractException(type, member.Name,
                        $"{type.FullName}.{member.Name} (field {field.Number}): protobuf name '{field.Name}' is already used by {nameClash.Member.Name}.");
                }
                byNumber.Add(field.Number, field);
                byName.Add(field.Name, field);
                fields.Add(field);
            }
        }
        fields.Sort((a, b) => a.Number.CompareTo(b.Number));
        return fields;
    }

    private FieldContract Field(Type owner, MemberInfo member, DataMemberAttribute dataMember)
    {
        var number = dataMember.Order;
        var where = $"{owner.FullName}.{member.Name}";
        if (number < 1 || number > MaxFieldNumber)
        {
            throw new InvalidContractException(owner, member.Name,
                $"{where}: field number {number} is out of range; set [DataMember(Order = N)] with N from 1 to {MaxFieldNumber}.");
        }
        if (number is >= FirstReservedNumber and <= LastReservedNumber)
        {
            throw new InvalidContractException(owner, member.Name,
                $"{where}: field number {number} is in protobuf's reserved range {FirstReservedNumber}-{LastReservedNumber}.");
        }
        var (memberType, readable) = member switch
        {
            PropertyInfo property => (property.PropertyType, property.GetMethod is not null && property.GetIndexParameters().Length == 0),
            FieldInfo field => (field.FieldType, true),
            _ => (typeof(void), false),
        };
        Require(readable, owner, member.Name, $"{where} (field {number}) must have a getter.");
        var name = dataMember.IsNameSetExplicitly ? dataMember.Name! : ProtoNames.ToSnakeCase(member.Name);
        Require(ProtoNames.IsValidIdentifier(name), owner, member.Name, $"{where} (field {number}): '{name}' is not a valid protobuf field name.");

        var scalar = member.GetCustomAttribute<ProtoScalarAttribute>();
        var encoding = scalar?.Encoding ?? ScalarEncoding.Default;
        var site = new FieldSite(owner, member.Name, $"{where} (field {number}, type {memberType})");
        string Describe() => site.Description;

        FieldContract Make(FieldCardinality cardinality, ValueContract value, ValueContract? key = null)
        {
            var contract = new FieldContract(member, memberType, number, name, cardinality, value, key);
            Require(cardinality is FieldCardinality.Single or FieldCardinality.Optional || contract.IsWritable || IsAddable(memberType),
                owner, member.Name, $"{Describe()}: a collection member must be settable, or be a get-only collection the decoder can add to.");
            return contract;
        }

        if (Nullable.GetUnderlyingType(memberType) is { } underlying)
        {
            var value = Value(underlying, encoding, site);
            // Nullable scalars are proto3 'optional'; nullable well-known types are plain message fields.
            return Make(value.ProtoType == ProtoFieldType.Message ? FieldCardinality.Single : FieldCardinality.Optional, value);
        }
        if (Value(memberType, encoding, site, throwIfUnsupported: false) is { } single)
        {
            return Make(FieldCardinality.Single, single);
        }
        if (MapTypes(memberType) is var (keyType, valueType))
        {
            var key = Value(keyType, scalar?.KeyEncoding ?? ScalarEncoding.Default, site);
            Require(key.ProtoType is not (ProtoFieldType.Double or ProtoFieldType.Float or ProtoFieldType.Bytes or ProtoFieldType.Message or ProtoFieldType.Enum)
                    && key.ClrType != typeof(Guid),
                owner, member.Name, $"{Describe()}: map keys must be integers, bool or string, not {keyType}.");
            Require(Nullable.GetUnderlyingType(valueType) is null, owner, member.Name, $"{Describe()}: map values cannot be nullable.");
            return Make(FieldCardinality.Map, Value(valueType, encoding, site), key);
        }
        if (ElementType(memberType) is { } elementType)
        {
            Require(Nullable.GetUnderlyingType(elementType) is null, owner, member.Name, $"{Describe()}: repeated fields cannot hold nullable values.");
            return Make(FieldCardinality.Repeated, Value(elementType, encoding, site));
        }
        throw new InvalidContractException(owner, member.Name, $"{Describe()}: {memberType} is not a supported member type.");
    }

    /// <summary>The member a value type is being resolved for, so errors name the owner, member and number.</summary>
    private readonly record struct FieldSite(Type Owner, string Member, string Description)
    {
        public InvalidContractException Error(string problem) => new(Owner, Member, $"{Description}: {problem}");
    }

    private ValueContract Value(Type type, ScalarEncoding encoding, FieldSite site) =>
        Value(type, encoding, site, throwIfUnsupported: true)!;

    private ValueContract? Value(Type type, ScalarEncoding encoding, FieldSite site, bool throwIfUnsupported)
    {
        ProtoFieldType? Integer(ProtoFieldType plain, ProtoFieldType zigzag, ProtoFieldType fixedWidth) => encoding switch
        {
            ScalarEncoding.ZigZag => zigzag,
            ScalarEncoding.Fixed => fixedWidth,
            _ => plain,
        };
        var unsignedZigZag = encoding == ScalarEncoding.ZigZag && (type == typeof(uint) || type == typeof(ulong));
        if (unsignedZigZag)
        {
            throw site.Error("zigzag encoding applies to signed integers only.");
        }
        ProtoFieldType? scalar =
            type == typeof(int) ? Integer(ProtoFieldType.Int32, ProtoFieldType.SInt32, ProtoFieldType.SFixed32)
            : type == typeof(long) ? Integer(ProtoFieldType.Int64, ProtoFieldType.SInt64, ProtoFieldType.SFixed64)
            : type == typeof(uint) ? Integer(ProtoFieldType.UInt32, ProtoFieldType.UInt32, ProtoFieldType.Fixed32)
            : type == typeof(ulong) ? Integer(ProtoFieldType.UInt64, ProtoFieldType.UInt64, ProtoFieldType.Fixed64)
            : type == typeof(bool) ? ProtoFieldType.Bool
            : type == typeof(double) ? ProtoFieldType.Double
            : type == typeof(float) ? ProtoFieldType.Float
            : type == typeof(string) || type == typeof(Guid) ? ProtoFieldType.String
            : type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) ? ProtoFieldType.Bytes
            : null;
        if (scalar is { } protoType)
        {
            if (encoding != ScalarEncoding.Default && protoType is not (ProtoFieldType.SInt32 or ProtoFieldType.SInt64 or ProtoFieldType.SFixed32
                    or ProtoFieldType.SFixed64 or ProtoFieldType.Fixed32 or ProtoFieldType.Fixed64))
            {
                throw site.Error($"[ProtoScalar({encoding})] applies to integers only.");
            }
            return new ValueContract(type, protoType, null);
        }
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new ValueContract(type, ProtoFieldType.Message, ".google.protobuf.Timestamp") { WellKnown = "google/protobuf/timestamp.proto" };
        }
        if (type == typeof(TimeSpan))
        {
            return new ValueContract(type, ProtoFieldType.Message, ".google.protobuf.Duration") { WellKnown = "google/protobuf/duration.proto" };
        }
        if (type.IsEnum)
        {
            return new ValueContract(type, ProtoFieldType.Enum, "." + Enum(type, site.Description).FullName);
        }
        if (IsMessageType(type))
        {
            return new ValueContract(type, ProtoFieldType.Message, "." + Message(type).FullName);
        }
        if (throwIfUnsupported)
        {
            throw site.Error($"{type} is not a supported value type (scalars, string, byte[], enums, [DataContract] classes, DateTime, DateTimeOffset, TimeSpan, Guid).");
        }
        return null;
    }

    private static (Type Key, Type Value)? MapTypes(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
        {
            var arguments = type.GetGenericArguments();
            return (arguments[0], arguments[1]);
        }
        return null;
    }

    private static readonly Type[] ListInterfaces =
    [
        typeof(IEnumerable<>), typeof(ICollection<>), typeof(IList<>), typeof(IReadOnlyCollection<>), typeof(IReadOnlyList<>),
    ];

    /// <summary>The element type of a supported repeated member type: T[], List&lt;T&gt; or one of its interfaces.</summary>
    internal static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetArrayRank() == 1 ? type.GetElementType() : null;
        }
        if (!type.IsGenericType)
        {
            return null;
        }
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || ListInterfaces.Contains(definition) ? type.GetGenericArguments()[0] : null;
    }

    /// <summary>Get-only collection members the decoder can add to (the value must be non-null at run time).</summary>
    private static bool IsAddable(Type memberType) =>
        memberType.IsGenericType && memberType.GetGenericTypeDefinition() is var definition
        && (definition == typeof(List<>) || definition == typeof(ICollection<>) || definition == typeof(IList<>)
            || definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>));

    private EnumContract Enum(Type type, string? usedBy = null)
    {
        if (_enums.TryGetValue(type, out var known))
        {
            return known;
        }
        var where = usedBy is null ? type.FullName : $"{usedBy}: {type.FullName}";
        if (System.Enum.GetUnderlyingType(type) != typeof(int))
        {
            throw new InvalidContractException(type, null, $"{where}: protobuf enums are 32-bit; declare the enum's underlying type as int.");
        }
        var prefix = ProtoNames.ToUpperSnakeCase(EnumName(type)) + "_";
        var values = new List<EnumValueContract>();
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var number = (int)field.GetRawConstantValue()!;
            var explicitName = field.GetCustomAttribute<EnumMemberAttribute>()?.Value;
            var upper = ProtoNames.ToUpperSnakeCase(field.Name);
            var name = explicitName ?? (upper.StartsWith(prefix, StringComparison.Ordinal) ? upper : prefix + upper);
            Require(ProtoNames.IsValidIdentifier(name), type, field.Name, $"{where}.{field.Name} (value {number}): '{name}' is not a valid protobuf enum value name.");
            values.Add(new EnumValueContract(name, number, field.Name));
        }
        var zero = values.FindIndex(v => v.Number == 0);
        if (zero < 0)
        {
            throw new InvalidContractException(type, null, $"{where}: a protobuf enum needs a value numbered 0 (for example {prefix}UNSPECIFIED = 0).");
        }
        // Proto3 wants the zero value first; aliases (two names, one number) need allow_alias, so refuse them.
        var duplicate = values.GroupBy(v => v.Number).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidContractException(type, duplicate.Last().ClrName,
                $"{where}.{duplicate.Last().ClrName}: value {duplicate.Key} is already used by {duplicate.First().ClrName}; protobuf enum aliases are not supported.");
        }
        var ordered = values.OrderBy(v => v.Number == 0 ? 0 : 1).ThenBy(v => v.Number).ToList();
        var contract = new EnumContract(type, EnumName(type), PackageOf(type), ordered) { File = FileOf(type) };
        _enums.Add(type, contract);
        return contract;
    }

    private static string EnumName(Type type) =>
        type.GetCustomAttribute<DataContractAttribute>() is { IsNameSetExplicitly: true } dataContract ? dataContract.Name! : type.Name;

    private ServiceContract Service(Type type)
    {
        var attribute = type.GetCustomAttribute<GrpcServiceAttribute>(inherit: false);
        if (!type.IsInterface || attribute is null)
        {
            throw new InvalidContractException(type, null, $"{type.FullName} is not a service contract: mark an interface with [GrpcService].");
        }
        string name;
        string package;
        if (attribute.Name is { } fullName)
        {
            var dot = fullName.LastIndexOf('.');
            (package, name) = dot < 0 ? ("", fullName) : (fullName[..dot], fullName[(dot + 1)..]);
        }
        else
        {
            (package, name) = (PackageOf(type), ProtoNames.ServiceName(type.Name));
        }
        Require(ProtoNames.IsValidIdentifier(name) && ProtoNames.IsValidPackage(package), type, null,
            $"{type.FullName}: '{attribute.Name ?? name}' is not a valid gRPC service name.");
        var service = new ServiceContract(type, name, package) { File = FileOf(type, package) };
        var methods = new List<MethodContract>();
        foreach (var method in type.GetMethods())
        {
            var contract = Method(service, method);
            var clash = methods.Find(m => m.Name == contract.Name);
            Require(clash is null, type, method.Name, $"{type.FullName}.{method.Name}: wire name '{contract.Name}' is already used by {clash?.Method.Name}.");
            methods.Add(contract);
        }
        service.Methods = methods;
        return service;
    }

    private MethodContract Method(ServiceContract service, MethodInfo method)
    {
        var where = $"{service.Type.FullName}.{method.Name}";
        var parameters = method.GetParameters();
        var context = parameters.Length == 2
            ? parameters[1].ParameterType == typeof(CallContext) ? ContextForm.CallContext
                : parameters[1].ParameterType == typeof(CancellationToken) ? ContextForm.CancellationToken
                : (ContextForm?)null
            : parameters.Length == 1 ? ContextForm.None : null;
        var request = parameters.Length > 0 ? Unwrap(parameters[0].ParameterType, typeof(IAsyncEnumerable<>)) : default;
        var response = Unwrap(method.ReturnType, typeof(Task<>), typeof(ValueTask<>), typeof(IAsyncEnumerable<>));
        var requestForm = request.Wrapper == typeof(IAsyncEnumerable<>) ? RequestForm.Stream : RequestForm.Message;
        ResponseForm? responseForm = response.Wrapper == typeof(Task<>) ? ResponseForm.Task
            : response.Wrapper == typeof(ValueTask<>) ? ResponseForm.ValueTask
            : response.Wrapper == typeof(IAsyncEnumerable<>) ? ResponseForm.Stream
            : null;
        var shape = MethodShape.All.FirstOrDefault(s => s.Request == requestForm && s.Response == responseForm);
        if (context is null || request.Element is null || shape is null || method.IsGenericMethodDefinition
            || !IsMessageType(request.Element) || response.Element is null || !IsMessageType(response.Element))
        {
            throw new InvalidContractException(service.Type, method.Name,
                $"{where} has no supported shape. Supported: ValueTask<TRes>/Task<TRes>/IAsyncEnumerable<TRes> M(TReq or IAsyncEnumerable<TReq> [, CallContext or CancellationToken]), where TReq and TRes are [DataContract] classes.");
        }
        Message(request.Element);
        Message(response.Element);
        var name = method.GetCustomAttribute<GrpcOperationAttribute>()?.Name ?? ProtoNames.MethodName(method.Name);
        Require(ProtoNames.IsValidIdentifier(name), service.Type, method.Name, $"{where}: '{name}' is not a valid gRPC method name.");
        return new MethodContract(service, method, name, shape, context.Value, request.Element, response.Element);
    }

    private static (Type? Wrapper, Type? Element) Unwrap(Type type, params Type[] wrappers)
    {
        if (type.IsGenericType && Array.IndexOf(wrappers, type.GetGenericTypeDefinition()) is var index and >= 0)
        {
            return (wrappers[index], type.GetGenericArguments()[0]);
        }
        return (null, type);
    }

    private static ProtoPackageAttribute? PackageAttribute(Type type) =>
        type.GetCustomAttribute<ProtoPackageAttribute>(inherit: false) ?? type.Assembly.GetCustomAttribute<ProtoPackageAttribute>();

    /// <summary>
    /// The file a type exports to: the package attribute's <c>FileName</c>, else the package as folders
    /// and its last non-version segment as the name (<c>order.v1</c> -> <c>order/v1/order.proto</c>).
    /// </summary>
    private static string FileOf(Type type, string? package = null)
    {
        var attribute = PackageAttribute(type);
        if (attribute?.FileName is { } fileName && (package is null || package == attribute.Package))
        {
            return fileName;
        }
        package ??= attribute?.Package ?? "";
        if (package.Length == 0)
        {
            return ProtoNames.ToSnakeCase((type.Assembly.GetName().Name ?? "contracts").Replace(".", "", StringComparison.Ordinal)) + ".proto";
        }
        var segments = package.Split('.');
        var name = segments.LastOrDefault(s => !ProtoNames.IsVersion(s)) ?? segments[^1];
        return string.Join('/', segments) + "/" + name + ".proto";
    }

    private static string PackageOf(Type type)
    {
        var package = PackageAttribute(type)?.Package ?? "";
        Require(ProtoNames.IsValidPackage(package), type, null, $"{type.FullName}: '{package}' is not a valid protobuf package name.");
        return package;
    }

    private static void Require(bool condition, Type type, string? member, string message)
    {
        if (!condition)
        {
            throw new InvalidContractException(type, member, message);
        }
    }
}
