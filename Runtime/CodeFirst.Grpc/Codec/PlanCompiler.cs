using System.Reflection;
using System.Reflection.Emit;
using CodeFirst.Grpc.Contracts;
using Google.Protobuf;
using static Google.Protobuf.WireFormat;

namespace CodeFirst.Grpc.Codec;

/// <summary>
/// Compiles a <see cref="MessageContract"/> into a <see cref="MessagePlan{T}"/>: three dynamic methods
/// (size, write, merge) that read and assign the members directly and call the generic field helpers
/// closed over each field's codec.
/// </summary>
/// <remarks>
/// Why IL: the writer and reader are <c>ref struct</c>s (spans), which expression trees cannot take
/// as parameters, and a table of per-field delegates would add a virtual call and a delegate call per
/// field. Emitted methods call the members and helpers directly, so the JIT inlines the codecs and the
/// per-field cost is that of hand-written code. The IL itself is deliberately small: load, call a
/// helper, store; every loop and branch on values lives in the C# helpers. A source generator would
/// avoid runtime code generation (for NativeAOT) at the cost of a second code path; not needed yet.
/// </remarks>
internal static class PlanCompiler
{
    private enum ReadStyle
    {
        /// <summary><c>message.Member = Read(ref reader)</c>.</summary>
        Assign,

        /// <summary><c>message.Member = Read(ref reader, message.Member[, entryName])</c>.</summary>
        Merge,

        /// <summary><c>AddTo(ref reader, message.Member[, entryName])</c> for get-only collections.</summary>
        AddTo,
    }

    private sealed record FieldPlan(FieldContract Field, uint Tag, MethodInfo Size, MethodInfo Write, MethodInfo Read, ReadStyle Style, string? EntryName);

    public static MessagePlan<T> Compile<T>()
    {
        var contract = ContractModel.GetMessage(typeof(T));
        var fields = contract.Fields.Select(f => Plan(contract, f)).ToArray();
        return new MessagePlan<T>(
            contract,
            EmitCreate<T>(contract),
            EmitSize<T>(contract, fields),
            EmitWrite<T>(contract, fields),
            EmitMerge<T>(contract, fields));
    }

    private static FieldPlan Plan(MessageContract message, FieldContract field)
    {
        var value = field.Value;
        var codec = CodecType(value);
        switch (field.Cardinality)
        {
            case FieldCardinality.Single or FieldCardinality.Optional when Nullable.GetUnderlyingType(field.MemberType) is not null:
                // A nullable member (proto3 'optional' scalar, or a nullable well-known type): present when it has a value.
                return new FieldPlan(field, MakeTag(field.Number, WireTypeOf(value)),
                    Helper(typeof(OptionalField), nameof(OptionalField.Size), value.ClrType, codec),
                    Helper(typeof(OptionalField), nameof(OptionalField.Write), value.ClrType, codec),
                    Helper(typeof(OptionalField), nameof(OptionalField.Read), value.ClrType, codec),
                    ReadStyle.Assign, null);
            case FieldCardinality.Single or FieldCardinality.Optional:
            {
                var tag = MakeTag(field.Number, WireTypeOf(value));
                var isMessage = codec.IsGenericType && codec.GetGenericTypeDefinition() == typeof(MessageFieldCodec<>);
                var read = isMessage
                    ? Helper(typeof(SingleField), nameof(SingleField.ReadMessage), value.ClrType)
                    : Helper(typeof(SingleField), nameof(SingleField.Read), value.ClrType, codec);
                return new FieldPlan(field, tag,
                    Helper(typeof(SingleField), nameof(SingleField.Size), value.ClrType, codec),
                    Helper(typeof(SingleField), nameof(SingleField.Write), value.ClrType, codec),
                    read, isMessage ? ReadStyle.Merge : ReadStyle.Assign, null);
            }
            case FieldCardinality.Repeated:
            {
                var tag = MakeTag(field.Number, field.IsPacked ? WireType.LengthDelimited : WireTypeOf(value));
                var container = field.MemberType.IsArray ? "Array"
                    : field.MemberType.IsGenericType && field.MemberType.GetGenericTypeDefinition() == typeof(List<>) ? "List"
                    : "Enumerable";
                var (read, style) = field.MemberType.IsArray
                    ? (nameof(RepeatedField.ReadArray), ReadStyle.Merge)
                    : field.IsWritable ? (nameof(RepeatedField.ReadList), ReadStyle.Merge)
                    : (nameof(RepeatedField.AddTo), ReadStyle.AddTo);
                return new FieldPlan(field, tag,
                    Helper(typeof(RepeatedField), "Size" + container, value.ClrType, codec),
                    Helper(typeof(RepeatedField), "Write" + container, value.ClrType, codec),
                    Helper(typeof(RepeatedField), read, value.ClrType, codec),
                    style, null);
            }
            default:
            {
                var key = field.Key!;
                Type[] types = [key.ClrType, CodecType(key), value.ClrType, codec];
                // protoc's name for the synthetic entry message, e.g. order.v1.Order.LabelsEntry.
                var entryName = $"{message.FullName}.{Contracts.Internal.ProtoNames.ToPascalCase(field.Name)}Entry";
                return new FieldPlan(field, MakeTag(field.Number, WireType.LengthDelimited),
                    Helper(typeof(MapField), nameof(MapField.Size), types),
                    Helper(typeof(MapField), nameof(MapField.Write), types),
                    Helper(typeof(MapField), field.IsWritable ? nameof(MapField.Read) : nameof(MapField.AddTo), types),
                    field.IsWritable ? ReadStyle.Merge : ReadStyle.AddTo, entryName);
            }
        }
    }

    /// <summary>The codec struct for one value of a field.</summary>
    internal static Type CodecType(ValueContract value) => value.ProtoType switch
    {
        ProtoFieldType.Int32 => typeof(Int32Codec),
        ProtoFieldType.SInt32 => typeof(SInt32Codec),
        ProtoFieldType.SFixed32 => typeof(SFixed32Codec),
        ProtoFieldType.Int64 => typeof(Int64Codec),
        ProtoFieldType.SInt64 => typeof(SInt64Codec),
        ProtoFieldType.SFixed64 => typeof(SFixed64Codec),
        ProtoFieldType.UInt32 => typeof(UInt32Codec),
        ProtoFieldType.Fixed32 => typeof(Fixed32Codec),
        ProtoFieldType.UInt64 => typeof(UInt64Codec),
        ProtoFieldType.Fixed64 => typeof(Fixed64Codec),
        ProtoFieldType.Bool => typeof(BoolCodec),
        ProtoFieldType.Float => typeof(FloatCodec),
        ProtoFieldType.Double => typeof(DoubleCodec),
        ProtoFieldType.String => value.ClrType == typeof(Guid) ? typeof(GuidCodec) : typeof(StringCodec),
        ProtoFieldType.Bytes => value.ClrType == typeof(byte[]) ? typeof(ByteArrayCodec) : typeof(MemoryCodec),
        ProtoFieldType.Enum => typeof(EnumCodec<>).MakeGenericType(value.ClrType),
        _ when value.ClrType == typeof(DateTime) => typeof(TimestampCodec),
        _ when value.ClrType == typeof(DateTimeOffset) => typeof(DateTimeOffsetCodec),
        _ when value.ClrType == typeof(TimeSpan) => typeof(DurationCodec),
        _ => typeof(MessageFieldCodec<>).MakeGenericType(value.ClrType),
    };

    private static WireType WireTypeOf(ValueContract value) => value.ProtoType switch
    {
        ProtoFieldType.Double or ProtoFieldType.Fixed64 or ProtoFieldType.SFixed64 => WireType.Fixed64,
        ProtoFieldType.Float or ProtoFieldType.Fixed32 or ProtoFieldType.SFixed32 => WireType.Fixed32,
        ProtoFieldType.String or ProtoFieldType.Bytes or ProtoFieldType.Message => WireType.LengthDelimited,
        _ => WireType.Varint,
    };

    private static MethodInfo Helper(Type helpers, string name, params Type[] typeArguments) =>
        helpers.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(typeArguments);

    private static Func<T> EmitCreate<T>(MessageContract contract)
    {
        var constructor = typeof(T).GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes)!;
        var method = NewMethod("Create_" + contract.Name, typeof(T), []);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Newobj, constructor);
        il.Emit(OpCodes.Ret);
        return Bind<Func<T>>(method);
    }

    private static SizeFunc<T> EmitSize<T>(MessageContract contract, FieldPlan[] fields)
    {
        var method = NewMethod("Size_" + contract.Name, typeof(int), [typeof(T)]);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4_0);
        foreach (var field in fields)
        {
            il.Emit(OpCodes.Ldc_I4, CodedOutputStream.ComputeRawVarint32Size(field.Tag));
            il.Emit(OpCodes.Ldarg_1);
            EmitLoad(il, field.Field.Member);
            il.Emit(OpCodes.Call, field.Size);
            il.Emit(OpCodes.Add);
        }
        il.Emit(OpCodes.Ret);
        return Bind<SizeFunc<T>>(method);
    }

    private static WriteFunc<T> EmitWrite<T>(MessageContract contract, FieldPlan[] fields)
    {
        var method = NewMethod("Write_" + contract.Name, typeof(void), [typeof(ProtoWriter).MakeByRefType(), typeof(T)]);
        var il = method.GetILGenerator();
        foreach (var field in fields)
        {
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, unchecked((int)field.Tag));
            il.Emit(OpCodes.Ldarg_2);
            EmitLoad(il, field.Field.Member);
            il.Emit(OpCodes.Call, field.Write);
        }
        il.Emit(OpCodes.Ret);
        return Bind<WriteFunc<T>>(method);
    }

    private static MergeFunc<T> EmitMerge<T>(MessageContract contract, FieldPlan[] fields)
    {
        var method = NewMethod("Merge_" + contract.Name, typeof(void), [typeof(ProtoReader).MakeByRefType(), typeof(T)]);
        var il = method.GetILGenerator();
        var readTag = typeof(ProtoReader).GetMethod(nameof(ProtoReader.ReadTag))!;
        var skipField = typeof(ProtoReader).GetMethod(nameof(ProtoReader.SkipField))!;
        var loop = il.DefineLabel();
        var end = il.DefineLabel();
        var skip = il.DefineLabel();
        var labels = fields.Select(_ => il.DefineLabel()).ToArray();

        // while ((tag = reader.ReadTag()) != 0) switch (tag >> 3) { ... default: reader.SkipField(); }
        il.MarkLabel(loop);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, readTag);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Brfalse, end);
        il.Emit(OpCodes.Ldc_I4_3);
        il.Emit(OpCodes.Shr_Un);
        EmitDispatch(il, fields, labels, skip);

        for (var i = 0; i < fields.Length; i++)
        {
            il.MarkLabel(labels[i]);
            EmitRead(il, fields[i]);
            il.Emit(OpCodes.Br, loop);
        }

        il.MarkLabel(skip);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, skipField);
        il.Emit(OpCodes.Br, loop);

        il.MarkLabel(end);
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ret);
        return Bind<MergeFunc<T>>(method);
    }

    /// <summary>Jumps on the field number on the stack: a jump table when numbers are dense, else compares.</summary>
    private static void EmitDispatch(ILGenerator il, FieldPlan[] fields, Label[] labels, Label skip)
    {
        if (fields.Length == 0)
        {
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Br, skip);
            return;
        }
        var min = fields[0].Field.Number;
        var max = fields[^1].Field.Number;
        if (max - min < 2 * fields.Length + 8)
        {
            var table = Enumerable.Repeat(skip, max - min + 1).ToArray();
            for (var i = 0; i < fields.Length; i++)
            {
                table[fields[i].Field.Number - min] = labels[i];
            }
            il.Emit(OpCodes.Ldc_I4, min);
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Switch, table);
            il.Emit(OpCodes.Br, skip);
            return;
        }
        var number = il.DeclareLocal(typeof(uint));
        il.Emit(OpCodes.Stloc, number);
        for (var i = 0; i < fields.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, number);
            il.Emit(OpCodes.Ldc_I4, fields[i].Field.Number);
            il.Emit(OpCodes.Beq, labels[i]);
        }
        il.Emit(OpCodes.Br, skip);
    }

    private static void EmitRead(ILGenerator il, FieldPlan field)
    {
        var member = field.Field.Member;
        switch (field.Style)
        {
            case ReadStyle.Assign:
                il.Emit(OpCodes.Ldarg_2);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Call, field.Read);
                EmitStore(il, member);
                break;
            case ReadStyle.Merge:
                il.Emit(OpCodes.Ldarg_2);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldarg_2);
                EmitLoad(il, member);
                EmitEntryName(il, field);
                il.Emit(OpCodes.Call, field.Read);
                EmitStore(il, member);
                break;
            default:
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldarg_2);
                EmitLoad(il, member);
                EmitEntryName(il, field);
                il.Emit(OpCodes.Call, field.Read);
                break;
        }
    }

    private static void EmitEntryName(ILGenerator il, FieldPlan field)
    {
        if (field.EntryName is not null)
        {
            il.Emit(OpCodes.Ldstr, field.EntryName);
        }
    }

    private static void EmitLoad(ILGenerator il, MemberInfo member)
    {
        if (member is PropertyInfo property)
        {
            il.Emit(OpCodes.Callvirt, property.GetMethod!);
        }
        else
        {
            il.Emit(OpCodes.Ldfld, (FieldInfo)member);
        }
    }

    private static void EmitStore(ILGenerator il, MemberInfo member)
    {
        if (member is PropertyInfo property)
        {
            il.Emit(OpCodes.Callvirt, property.SetMethod!);
        }
        else
        {
            il.Emit(OpCodes.Stfld, (FieldInfo)member);
        }
    }

    /// <summary>
    /// A dynamic method whose first parameter is a closure object it ignores: a delegate closed over an
    /// instance is invoked directly, while one over a static method goes through a shuffle thunk on
    /// every call, and nested messages call these delegates once per message.
    /// </summary>
    private static DynamicMethod NewMethod(string name, Type returnType, Type[] parameters) =>
        // skipVisibility: contracts may keep members and constructors non-public.
        new(name, returnType, [typeof(object), .. parameters], typeof(PlanCompiler).Module, skipVisibility: true);

    private static readonly object Closure = new();

    private static TDelegate Bind<TDelegate>(DynamicMethod method)
        where TDelegate : Delegate => method.CreateDelegate<TDelegate>(Closure);
}
