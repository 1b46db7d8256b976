using System.Reflection;

namespace CodeFirst.Grpc.Contracts;

/// <summary>One field of a message: a property or field marked <c>[DataMember(Order = N)]</c>.</summary>
public sealed class FieldContract
{
    internal FieldContract(MemberInfo member, Type memberType, int number, string name, FieldCardinality cardinality, ValueContract value, ValueContract? key)
    {
        Member = member;
        MemberType = memberType;
        Number = number;
        Name = name;
        Cardinality = cardinality;
        Value = value;
        Key = key;
    }

    /// <summary>The property or field.</summary>
    public MemberInfo Member { get; }

    /// <summary>The declared type of the property or field.</summary>
    public Type MemberType { get; }

    /// <summary>The field number (<c>DataMember.Order</c>).</summary>
    public int Number { get; }

    /// <summary>The protobuf field name: <c>DataMember.Name</c>, or the member name in lower snake case.</summary>
    public string Name { get; }

    /// <summary>Single, optional, repeated or map.</summary>
    public FieldCardinality Cardinality { get; }

    /// <summary>The field's value type; for repeated fields the element type, for maps the value type.</summary>
    public ValueContract Value { get; }

    /// <summary>For maps, the key type; otherwise <see langword="null"/>.</summary>
    public ValueContract? Key { get; }

    /// <summary>True for repeated numeric fields, which proto3 packs.</summary>
    public bool IsPacked => Cardinality == FieldCardinality.Repeated && Value.IsPackable;

    /// <summary>True when the member can be assigned (a settable property or a field).</summary>
    public bool IsWritable => Member is FieldInfo || ((PropertyInfo)Member).SetMethod is not null;
}
