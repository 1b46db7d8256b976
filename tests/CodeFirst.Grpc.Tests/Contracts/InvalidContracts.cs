using System.Runtime.Serialization;

// Deliberately broken contracts for ContractErrorTests, plus a few valid ones to contrast them with.
// All internal, so exporting the test assembly's public contracts never meets them.
namespace CodeFirst.Grpc.Tests.InvalidContracts;

// ---- Field numbers ----

[DataContract, ProtoPackage("errors.v1")]
internal sealed class DuplicateNumbers
{
    [DataMember(Order = 1)] public int First { get; set; }
    [DataMember(Order = 2)] public int Middle { get; set; }
    [DataMember(Order = 1)] public int Second { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class ZeroNumber
{
    [DataMember(Order = 0)] public int Zero { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class NegativeNumber
{
    [DataMember(Order = -5)] public int Negative { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class MissingOrder
{
    [DataMember(Order = 1)] public int Numbered { get; set; }
    [DataMember] public string? Unnumbered { get; set; } // DataMember.Order defaults to -1
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class FirstReservedNumber
{
    [DataMember(Order = 19000)] public int Reserved { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class LastReservedNumber
{
    [DataMember(Order = 19999)] public int Reserved { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class NumberTooLarge
{
    [DataMember(Order = 536870912)] public int Huge { get; set; }
}

/// <summary>Numbers just outside the reserved range and the largest number are fine.</summary>
[DataContract, ProtoPackage("errors.v1")]
internal sealed class EdgeNumbers
{
    [DataMember(Order = 18999)] public int BeforeReserved { get; set; }
    [DataMember(Order = 20000)] public int AfterReserved { get; set; }
    [DataMember(Order = 536870911)] public int Largest { get; set; }
}

// ---- Member types ----

[DataContract, ProtoPackage("errors.v1")]
internal sealed class DecimalMember
{
    [DataMember(Order = 1)] public string? Name { get; set; }
    [DataMember(Order = 7)] public decimal Price { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class ObjectMember
{
    [DataMember(Order = 3)] public object? Anything { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class ListOfListsMember
{
    [DataMember(Order = 4)] public List<List<int>>? Grid { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class DoubleKeyedMap
{
    [DataMember(Order = 5)] public Dictionary<double, int>? ByWeight { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class NonContractMember
{
    [DataMember(Order = 6)] public NotAContract? Plain { get; set; }
}

// ---- Enums ----

[ProtoPackage("errors.v1")]
internal enum NoZeroValue
{
    One = 1,
    Two = 2,
}

[ProtoPackage("errors.v1")]
internal enum LongBacked : long
{
    None = 0,
    Big = 1L << 40,
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class UsesNoZeroEnum
{
    [DataMember(Order = 8)] public NoZeroValue Level { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class UsesLongEnum
{
    [DataMember(Order = 9)] public List<LongBacked>? Sizes { get; set; }
}

// ---- Types that are not contracts ----

internal sealed class NotAContract
{
    public int Value { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal struct StructContract
{
    [DataMember(Order = 1)] public int Value { get; set; }
}

// ---- Nested invalid types ----

[DataContract, ProtoPackage("errors.v1")]
internal sealed class InvalidInner
{
    [DataMember(Order = 1)] public int Fine { get; set; }
    [DataMember(Order = 19500)] public int Bad { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class OuterWithInvalidInner
{
    [DataMember(Order = 1)] public string? Name { get; set; }
    [DataMember(Order = 2)] public List<InvalidInner>? Inners { get; set; }
}

// ---- Recursive types (valid) ----

[DataContract, ProtoPackage("errors.v1")]
internal sealed class TreeNode
{
    [DataMember(Order = 1)] public string Name { get; set; } = "";
    [DataMember(Order = 2)] public TreeNode? Parent { get; set; }
    [DataMember(Order = 3)] public List<TreeNode>? Children { get; set; }
    [DataMember(Order = 4)] public Dictionary<string, TreeNode>? ByName { get; set; }
    [DataMember(Order = 5)] public Ping? Other { get; set; }
}

/// <summary>Mutually recursive with <see cref="Pong"/>.</summary>
[DataContract, ProtoPackage("errors.v1")]
internal sealed class Ping
{
    [DataMember(Order = 1)] public int Hits { get; set; }
    [DataMember(Order = 2)] public Pong? Reply { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class Pong
{
    [DataMember(Order = 1)] public int Hits { get; set; }
    [DataMember(Order = 2)] public Ping? Reply { get; set; }
}

// ---- Services ----

[DataContract, ProtoPackage("errors.v1")]
internal sealed class EchoRequest
{
    [DataMember(Order = 1)] public string? Text { get; set; }
}

[DataContract, ProtoPackage("errors.v1")]
internal sealed class EchoResponse
{
    [DataMember(Order = 1)] public string? Text { get; set; }
}

[GrpcService, ProtoPackage("errors.v1")]
internal interface IVoidMethodService
{
    void Send(EchoRequest request);
}

[GrpcService, ProtoPackage("errors.v1")]
internal interface IBareTaskService
{
    Task SendAsync(EchoRequest request);
}

[GrpcService, ProtoPackage("errors.v1")]
internal interface ITwoRequestsService
{
    ValueTask<EchoResponse> SendAsync(EchoRequest first, EchoRequest second);
}

[GrpcService, ProtoPackage("errors.v1")]
internal interface INonContractRequestService
{
    ValueTask<EchoResponse> SendAsync(NotAContract request);
}

[GrpcService, ProtoPackage("errors.v1")]
internal interface INonContractResponseService
{
    Task<string> SendAsync(EchoRequest request);
}

[GrpcService, ProtoPackage("errors.v1")]
internal interface IInvalidMessageService
{
    ValueTask<EchoResponse> SendAsync(OuterWithInvalidInner request);
}

/// <summary>Every supported shape; wire names drop the <c>Async</c> suffix.</summary>
[GrpcService, ProtoPackage("errors.v1")]
internal interface IEchoService
{
    ValueTask<EchoResponse> UnaryAsync(EchoRequest request, CallContext context = default);

    Task<EchoResponse> UnaryTaskAsync(EchoRequest request, CancellationToken cancellationToken);

    IAsyncEnumerable<EchoResponse> ServerStreamAsync(EchoRequest request, CallContext context = default);

    ValueTask<EchoResponse> ClientStreamAsync(IAsyncEnumerable<EchoRequest> requests, CallContext context = default);

    IAsyncEnumerable<EchoResponse> DuplexAsync(IAsyncEnumerable<EchoRequest> requests);

    ValueTask<EchoResponse> NoSuffix(EchoRequest request);

    [GrpcOperation("Renamed")]
    ValueTask<EchoResponse> OriginalAsync(EchoRequest request);
}
