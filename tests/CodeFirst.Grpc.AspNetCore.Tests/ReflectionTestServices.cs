using System.Runtime.Serialization;

namespace CodeFirst.Grpc.AspNetCore.Tests;

// A service whose file imports another of ours and two well-known files, so reflection has
// transitive dependencies to send: test/catalog/v1/catalog.proto -> test/common/v1/common.proto,
// google/protobuf/timestamp.proto, google/protobuf/duration.proto.

[DataContract, ProtoPackage("test.common.v1")]
public sealed class Money
{
    [DataMember(Order = 1)] public string Currency { get; set; } = "";
    [DataMember(Order = 2)] public long Units { get; set; }
}

[ProtoPackage("test.catalog.v1")]
public enum ProductKind
{
    Unspecified = 0,
    Physical = 1,
    Digital = 2,
}

[DataContract, ProtoPackage("test.catalog.v1")]
public sealed class Product
{
    [DataMember(Order = 1)] public string Sku { get; set; } = "";
    [DataMember(Order = 2)] public Money? Price { get; set; }
    [DataMember(Order = 3)] public DateTime? ListedAt { get; set; }
    [DataMember(Order = 4)] public ProductKind Kind { get; set; }
    [DataMember(Order = 5)] public Dictionary<string, string> Attributes { get; set; } = [];
    [DataMember(Order = 6)] public TimeSpan ShelfLife { get; set; }
}

[DataContract, ProtoPackage("test.catalog.v1")]
public sealed class GetProductRequest
{
    [DataMember(Order = 1)] public string Sku { get; set; } = "";
}

[GrpcService, ProtoPackage("test.catalog.v1")]
public interface ICatalog
{
    ValueTask<Product> GetProductAsync(GetProductRequest request, CallContext context = default);
    IAsyncEnumerable<Product> ListProductsAsync(GetProductRequest request, CallContext context = default);
}

public sealed class CatalogService : ICatalog
{
    public ValueTask<Product> GetProductAsync(GetProductRequest request, CallContext context = default) =>
        ValueTask.FromResult(new Product { Sku = request.Sku });

    public async IAsyncEnumerable<Product> ListProductsAsync(GetProductRequest request, CallContext context = default)
    {
        await Task.Yield();
        yield return new Product { Sku = request.Sku };
    }
}
