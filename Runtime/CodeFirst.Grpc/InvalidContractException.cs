namespace CodeFirst.Grpc;

/// <summary>
/// A contract type or service interface cannot be mapped to protobuf: a duplicate, non-positive or
/// reserved field number, an unsupported member type, an enum without a zero value, a method of no
/// supported shape. The message names the type, the member and the field number.
/// </summary>
public sealed class InvalidContractException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="type">The contract type at fault.</param>
    /// <param name="member">The member at fault, or <see langword="null"/> when the type itself is.</param>
    /// <param name="message">What is wrong, already naming the type, member and number.</param>
    public InvalidContractException(Type type, string? member, string message)
        : base(message)
    {
        ContractType = type;
        MemberName = member;
    }

    /// <summary>The contract type at fault.</summary>
    public Type ContractType { get; }

    /// <summary>The member at fault, or <see langword="null"/> when the type itself is.</summary>
    public string? MemberName { get; }
}
