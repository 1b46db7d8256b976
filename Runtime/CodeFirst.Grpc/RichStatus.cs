using System.Collections.Concurrent;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.ErrorDetails;

namespace CodeFirst.Grpc;

/// <summary>
/// The gRPC rich error model: a <see cref="Status"/> and its error details as a <c>google.rpc.Status</c>,
/// the binary value of the <see cref="TrailerName"/> trailer.
/// </summary>
/// <remarks>
/// Each detail is a <c>[DataContract]</c> message packed into a <c>google.protobuf.Any</c> with the type URL
/// <c>type.googleapis.com/&lt;full protobuf name&gt;</c>. Decoding unpacks the details whose type it knows: the
/// <c>google.rpc</c> types in <see cref="ErrorDetails"/> and those added with <see cref="RegisterDetailType"/>;
/// any other detail is returned as its raw <see cref="Any"/>, which <see cref="Encode"/> writes back unchanged.
/// </remarks>
/// <example>
/// <code>
/// byte[] bytes = RichStatus.Encode(exception.Status, exception.Details);       // server: the trailer's value
/// IReadOnlyList&lt;object&gt; details = RichStatus.DecodeDetails(bytes, out Status status);   // client
/// </code>
/// </example>
public static class RichStatus
{
    /// <summary>The trailer that carries the encoded <c>google.rpc.Status</c>: <c>grpc-status-details-bin</c>.</summary>
    public const string TrailerName = "grpc-status-details-bin";

    /// <summary>The prefix of the type URLs this class writes: <c>type.googleapis.com/</c>.</summary>
    public const string TypeUrlPrefix = "type.googleapis.com/";

    private static readonly ConcurrentDictionary<string, DetailCodec> ByName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Type, DetailCodec> ByType = new();

    static RichStatus()
    {
        Type[] builtIn =
        [
            typeof(ErrorInfo), typeof(RetryInfo), typeof(DebugInfo), typeof(QuotaFailure), typeof(PreconditionFailure),
            typeof(BadRequest), typeof(RequestInfo), typeof(ResourceInfo), typeof(Help), typeof(LocalizedMessage),
        ];
        foreach (var type in builtIn)
        {
            RegisterDetailType(type);
        }
    }

    /// <summary>
    /// Lets <see cref="DecodeDetails"/> unpack details of <paramref name="detailType"/>, a <c>[DataContract]</c>
    /// class, rather than returning them as <see cref="Any"/>. Registering the same type again does nothing.
    /// Encoding needs no registration.
    /// </summary>
    /// <param name="detailType">The message type.</param>
    /// <exception cref="InvalidContractException"><paramref name="detailType"/> is not a valid message contract.</exception>
    /// <exception cref="ArgumentException">Another type with the same full protobuf name is already registered.</exception>
    public static void RegisterDetailType(Type detailType)
    {
        ArgumentNullException.ThrowIfNull(detailType);
        var codec = CodecOf(detailType);
        var registered = ByName.GetOrAdd(codec.FullName, codec);
        if (registered.Type != detailType)
        {
            throw new ArgumentException(
                $"{detailType.FullName} cannot be registered as a rich error detail: its protobuf name {codec.FullName} is already registered for {registered.Type.FullName}.",
                nameof(detailType));
        }
    }

    /// <summary>Encodes <paramref name="status"/> and <paramref name="details"/> as a <c>google.rpc.Status</c>.</summary>
    /// <param name="status">The status: its code and detail become <c>code</c> and <c>message</c>.</param>
    /// <param name="details">
    /// <c>[DataContract]</c> messages, each packed into an <see cref="Any"/>; an <see cref="Any"/> is written as it is.
    /// </param>
    /// <returns>The encoded <c>google.rpc.Status</c>.</returns>
    /// <exception cref="ArgumentException">A detail is null.</exception>
    /// <exception cref="InvalidContractException">A detail is not a valid message contract.</exception>
    public static byte[] Encode(Status status, IReadOnlyList<object> details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var message = new RpcStatus { Code = (int)status.StatusCode, Message = status.Detail };
        for (var i = 0; i < details.Count; i++)
        {
            message.Details.Add(details[i] switch
            {
                null => throw new ArgumentException($"details[{i}] is null.", nameof(details)),
                Any any => any,
                var detail => CodecOf(detail.GetType()).Pack(detail),
            });
        }
        return MessageCodec.ToByteArray(message);
    }

    /// <summary>
    /// Decodes a <c>google.rpc.Status</c> (the value of the <see cref="TrailerName"/> trailer) into its status and
    /// details: known detail types unpacked, others as <see cref="Any"/>, in the order they were sent.
    /// </summary>
    /// <param name="statusBytes">The encoded <c>google.rpc.Status</c>.</param>
    /// <param name="status">The status it holds (its <c>code</c> and <c>message</c>).</param>
    /// <returns>The details.</returns>
    /// <exception cref="MessageDecodeException">The bytes, or those of a known detail type, are not a valid encoding.</exception>
    public static IReadOnlyList<object> DecodeDetails(ReadOnlySpan<byte> statusBytes, out Status status) =>
        Decode(statusBytes, out status, keepUndecodable: false);

    /// <summary>
    /// Like <see cref="DecodeDetails"/>, for a client reporting what a server sent: a detail of a known type whose
    /// bytes do not decode is kept as its raw <see cref="Any"/>, as an unknown type is, so one bad detail does not
    /// cost the caller the others.
    /// </summary>
    /// <exception cref="MessageDecodeException">The <c>google.rpc.Status</c> itself is not a valid encoding.</exception>
    internal static IReadOnlyList<object> DecodeReceivedDetails(ReadOnlySpan<byte> statusBytes) =>
        Decode(statusBytes, out _, keepUndecodable: true);

    private static IReadOnlyList<object> Decode(ReadOnlySpan<byte> statusBytes, out Status status, bool keepUndecodable)
    {
        var message = MessageCodec.Decode<RpcStatus>(statusBytes);
        status = new Status((StatusCode)message.Code, message.Message);
        var details = new object[message.Details.Count];
        for (var i = 0; i < details.Length; i++)
        {
            var any = message.Details[i];
            details[i] = ByName.TryGetValue(TypeName(any.TypeUrl), out var codec) ? Unpack(codec, any, keepUndecodable) : any;
        }
        return details;
    }

    private static object Unpack(DetailCodec codec, Any any, bool keepUndecodable)
    {
        try
        {
            return codec.Unpack(any);
        }
        catch (MessageDecodeException) when (keepUndecodable)
        {
            return any;
        }
    }

    /// <summary>The type name of a type URL: what follows its last <c>/</c>, as Google.Protobuf's <c>Any</c> reads it.</summary>
    private static string TypeName(string typeUrl) => typeUrl.LastIndexOf('/') is var slash and >= 0 ? typeUrl[(slash + 1)..] : "";

    private static DetailCodec CodecOf(Type type) => ByType.GetOrAdd(type, Create);

    /// <summary>
    /// Validates the contract now; its codec plans compile on first use, so touching rich errors does not compile
    /// every built-in detail type up front.
    /// </summary>
    private static DetailCodec Create(Type type)
    {
        var contract = ContractModel.GetMessage(type);
        return (DetailCodec)Activator.CreateInstance(typeof(DetailCodec<>).MakeGenericType(type), contract.FullName)!;
    }

    /// <summary>Packs and unpacks one message type without the caller knowing it statically.</summary>
    private abstract class DetailCodec(string fullName)
    {
        public string FullName { get; } = fullName;

        public string TypeUrl { get; } = TypeUrlPrefix + fullName;

        public abstract Type Type { get; }

        public abstract Any Pack(object detail);

        public abstract object Unpack(Any any);
    }

    private sealed class DetailCodec<T>(string fullName) : DetailCodec(fullName)
        where T : class
    {
        public override Type Type => typeof(T);

        public override Any Pack(object detail) => new() { TypeUrl = TypeUrl, Value = MessageCodec.ToByteArray((T)detail) };

        public override object Unpack(Any any) => MessageCodec.Decode<T>(any.Value);
    }
}
