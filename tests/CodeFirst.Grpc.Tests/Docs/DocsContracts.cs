// The contract examples shown in docs/contracts.md, compiled and exercised by DocsExampleTests.
using System.Runtime.Serialization;

namespace CodeFirst.Grpc.Tests.Docs;

[DataContract, ProtoPackage("shop.v1")]
public sealed class Product
{
    [DataMember(Order = 1)] public string Sku { get; set; } = "";
    [DataMember(Order = 2)] public double Price { get; set; }
    [DataMember(Order = 3), ProtoScalar(ScalarEncoding.ZigZag)] public int StockDelta { get; set; }   // sint32
    [DataMember(Order = 4)] public int? Discount { get; set; }                                        // optional int32
    [DataMember(Order = 5)] public List<string> Tags { get; set; } = [];                              // repeated string
    [DataMember(Order = 6)] public Dictionary<string, string> Attributes { get; set; } = [];         // map<string, string>
    [DataMember(Order = 7)] public DateTime? ListedAt { get; set; }                                   // google.protobuf.Timestamp
    [DataMember(Order = 8)] public ProductKind Kind { get; set; }
}

[ProtoPackage("shop.v1")]
public enum ProductKind
{
    Unspecified = 0,   // PRODUCT_KIND_UNSPECIFIED
    Physical = 1,      // PRODUCT_KIND_PHYSICAL
    Digital = 2,       // PRODUCT_KIND_DIGITAL
}

[DataContract, ProtoPackage("shop.v1")]
public sealed class GetProductRequest
{
    [DataMember(Order = 1)] public string Sku { get; set; } = "";
}

[GrpcService("shop.v1.Catalog")]
public interface ICatalog
{
    ValueTask<Product> GetProductAsync(GetProductRequest request, CallContext context = default);       // unary
    IAsyncEnumerable<Product> ListProductsAsync(GetProductRequest request, CallContext context = default); // server streaming
    ValueTask<Product> ImportAsync(IAsyncEnumerable<Product> products, CallContext context = default);  // client streaming
    IAsyncEnumerable<Product> SyncAsync(IAsyncEnumerable<Product> products, CallContext context = default); // duplex
}
