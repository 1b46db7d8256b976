using System.Runtime.Serialization;

namespace CodeFirst.Grpc.ErrorDetails;

/// <summary>
/// <c>google.protobuf.Any</c>: a message of any type, as a type URL and the message's encoded bytes.
/// </summary>
/// <remarks>
/// <see cref="RichStatus"/> packs each rich error detail into one, with the type URL
/// <c>type.googleapis.com/&lt;full protobuf name&gt;</c>. Detail types <see cref="RichStatus"/> does not know
/// are returned as this raw <see cref="Any"/>. It is a well-known type: the schema export imports
/// <c>google/protobuf/any.proto</c> rather than writing it.
/// </remarks>
[DataContract, ProtoPackage("google.protobuf", FileName = "google/protobuf/any.proto")]
public sealed class Any
{
    /// <summary>Names the type of the packed message, for example <c>type.googleapis.com/google.rpc.ErrorInfo</c>.</summary>
    [DataMember(Order = 1)] public string TypeUrl { get; set; } = "";

    /// <summary>The packed message's protobuf encoding.</summary>
    [DataMember(Order = 2)] public byte[] Value { get; set; } = [];
}
