using System.Buffers;
using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Schema;
using CodeFirst.Grpc.Tests.Docs;

namespace CodeFirst.Grpc.Tests;

/// <summary>The examples of docs/contracts.md, run: if these change, the page must change with them.</summary>
[TestClass]
public sealed class DocsExampleTests
{
    [TestMethod]
    public void Encode_and_decode_example()
    {
        var product = new Product { Sku = "tea-1", Price = 4.5, Tags = ["green"], ListedAt = DateTime.UtcNow };

        var buffer = new ArrayBufferWriter<byte>();
        MessageCodec.Encode(product, buffer);                         // no allocation beyond the buffer
        Product copy = MessageCodec.Decode<Product>(buffer.WrittenSpan);

        Assert.AreEqual("tea-1", copy.Sku);
        Assert.AreEqual(buffer.WrittenCount, MessageCodec.CalculateSize(product));
    }

    [TestMethod]
    public void Decode_error_example()
    {
        try
        {
            MessageCodec.Decode<Product>(new byte[] { 0x0A, 0x05, 0x61 });   // field 1 says 5 bytes, 1 follows
            Assert.Fail("expected a decode error");
        }
        catch (MessageDecodeException e)
        {
            Assert.AreEqual("shop.v1.Product", e.MessageType);
            Assert.AreEqual(1, e.FieldNumber);
            Assert.AreEqual("Cannot decode shop.v1.Product: field 1: length 5 runs past the end of the message (1 bytes left)", e.Message);
        }
    }

    [TestMethod]
    public void Export_example()
    {
        var file = ProtoSchema.GetFileDescriptors([typeof(ICatalog)]).Single();
        var text = ProtoSchema.Format(file);

        Assert.AreEqual("shop/v1/shop.proto", file.Name);
        StringAssert.Contains(text, "rpc Sync (stream Product) returns (stream Product);");
        StringAssert.Contains(text, "sint32 stock_delta = 3;");
        StringAssert.Contains(text, "optional int32 discount = 4;");
        StringAssert.Contains(text, "map<string, string> attributes = 6;");
        StringAssert.Contains(text, "PRODUCT_KIND_DIGITAL = 2;");
    }

    [TestMethod]
    public void Model_example()
    {
        var service = ContractModel.GetService(typeof(ICatalog));

        Assert.AreEqual("shop.v1.Catalog", service.FullName);
        CollectionAssert.AreEqual(
            new[] { MethodType.Unary, MethodType.ServerStreaming, MethodType.ClientStreaming, MethodType.DuplexStreaming },
            service.Methods.Select(m => m.Type).ToArray());
        Assert.AreEqual("/shop.v1.Catalog/GetProduct", service.Methods[0].Path);
    }
}
