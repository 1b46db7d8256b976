namespace CodeFirst.Grpc.Contracts;

/// <summary>
/// The type of one value of a field (the field itself, an element of a repeated field, or a key or
/// value of a map): its CLR type and the protobuf type it maps to.
/// </summary>
public sealed class ValueContract
{
    internal ValueContract(Type clrType, ProtoFieldType protoType, string? typeName)
    {
        ClrType = clrType;
        ProtoType = protoType;
        TypeName = typeName;
    }

    /// <summary>The CLR type of the value, without <see cref="Nullable{T}"/>.</summary>
    public Type ClrType { get; }

    /// <summary>The protobuf type of the value.</summary>
    public ProtoFieldType ProtoType { get; }

    /// <summary>
    /// For messages and enums, the fully qualified protobuf name with a leading dot
    /// (<c>.order.v1.Order</c>, <c>.google.protobuf.Timestamp</c>); otherwise <see langword="null"/>.
    /// </summary>
    public string? TypeName { get; }

    /// <summary>True for values that are written with a varint or fixed width, and so can be packed.</summary>
    public bool IsPackable => ProtoType is not (ProtoFieldType.String or ProtoFieldType.Bytes or ProtoFieldType.Message);

    /// <summary>The message contract of a <c>[DataContract]</c> value; <see langword="null"/> for scalars and well-known types.</summary>
    public MessageContract? Message => ProtoType == ProtoFieldType.Message && WellKnown is null ? ContractModel.GetMessage(ClrType) : null;

    /// <summary>The enum contract of an enum value; otherwise <see langword="null"/>.</summary>
    public EnumContract? Enum => ProtoType == ProtoFieldType.Enum ? ContractModel.GetEnum(ClrType) : null;

    /// <summary>
    /// The well-known protobuf file this value's type comes from (<c>google/protobuf/timestamp.proto</c>
    /// for <see cref="DateTime"/> and <see cref="DateTimeOffset"/>, <c>google/protobuf/duration.proto</c>
    /// for <see cref="TimeSpan"/>), or <see langword="null"/>.
    /// </summary>
    public string? WellKnown { get; init; }
}
