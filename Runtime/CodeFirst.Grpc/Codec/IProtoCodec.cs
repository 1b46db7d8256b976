using Google.Protobuf;

namespace CodeFirst.Grpc.Codec;

/// <summary>
/// How one CLR type is written as one protobuf value (without its tag). Implemented by structs with
/// static members, so the generic field helpers are specialised per codec by the JIT and every call
/// below them inlines: no virtual dispatch or delegate per value.
/// </summary>
internal interface IProtoCodec<T>
{
    /// <summary>The wire type of one value.</summary>
    static abstract WireFormat.WireType WireType { get; }

    /// <summary>True when proto3 implicit presence omits the value (zero, empty, null).</summary>
    static abstract bool IsDefault(T value);

    /// <summary>Encoded size of the value, including the length prefix of length-delimited values.</summary>
    static abstract int Size(T value);

    /// <summary>Writes the value, including the length prefix of length-delimited values.</summary>
    static abstract void Write(ref ProtoWriter writer, T value);

    /// <summary>Reads one value; the caller has checked the wire type.</summary>
    static abstract T Read(ref ProtoReader reader);

    /// <summary>
    /// True when a map entry always carries this value, even a default one. Google.Protobuf omits a map
    /// value only when it equals the value codec's default, and for a message that is null, so a zero
    /// Duration or a Timestamp of 0001-01-01 (never null) is written where a singular field omits it.
    /// </summary>
    static virtual bool AlwaysInMapEntry => false;

    /// <summary>The value a map entry without this value decodes to (empty string, empty message, zero).</summary>
    static virtual T Empty() => default!;

    /// <summary>
    /// For an embedded message, its compiled plan; null for every other codec. A repeated message field reads it once
    /// for the whole run: looking the plan up is, in the shared generic code a message type runs as, a run-time
    /// dictionary lookup, which per element cost more than sizing the element.
    /// </summary>
    static virtual MessagePlan<T>? Message => null;
}
