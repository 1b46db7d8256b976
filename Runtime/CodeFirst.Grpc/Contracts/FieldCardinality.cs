namespace CodeFirst.Grpc.Contracts;

/// <summary>How many values a field holds and how presence is tracked.</summary>
public enum FieldCardinality
{
    /// <summary>One value; a scalar equal to its default is not written (proto3 implicit presence), a message is written unless null.</summary>
    Single,

    /// <summary>One scalar with explicit presence (a <see cref="Nullable{T}"/> member, proto3 <c>optional</c>): written whenever it has a value.</summary>
    Optional,

    /// <summary>A list or array (<c>repeated</c>), packed when its values are numeric.</summary>
    Repeated,

    /// <summary>A dictionary (a proto <c>map</c>).</summary>
    Map,
}
