namespace CodeFirst.Grpc;

/// <summary>
/// The bytes being decoded are not a valid encoding of the expected message: truncated data, a varint
/// longer than 10 bytes, a length past the end of its message or negative, a wire type that does not
/// match a known field, invalid UTF-8 in a string, a value out of range (a timestamp, a GUID), or
/// nesting deeper than the configured limit.
/// </summary>
/// <remarks>
/// This is the only exception decoding throws for bad input; the server maps it to
/// <c>INTERNAL</c>/<c>INVALID_ARGUMENT</c> as the gRPC spec asks, never to a crash.
/// </remarks>
public sealed class MessageDecodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="messageType">The protobuf name of the message being decoded, for example <c>order.v1.Order</c>.</param>
    /// <param name="fieldNumber">The field being decoded, or 0 when the fault is not within a field.</param>
    /// <param name="reason">What is wrong with the bytes.</param>
    public MessageDecodeException(string messageType, int fieldNumber, string reason)
        : base(fieldNumber > 0
            ? $"Cannot decode {messageType}: field {fieldNumber}: {reason}"
            : $"Cannot decode {messageType}: {reason}")
    {
        MessageType = messageType;
        FieldNumber = fieldNumber;
        Reason = reason;
    }

    /// <summary>The protobuf name of the message being decoded when the fault was found.</summary>
    public string MessageType { get; }

    /// <summary>The field number being decoded, or 0 when the fault is not within a field.</summary>
    public int FieldNumber { get; }

    /// <summary>What is wrong with the bytes.</summary>
    public string Reason { get; }
}
