using CodeFirst.Grpc.AspNetCore.Health;
using CodeFirst.Grpc.Health;
using CodeFirst.Grpc.AspNetCore.Reflection;
using CodeFirst.Grpc.AspNetCore.Reflection.V1;
using CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;
using CodeFirst.Grpc.Schema;
using CodeFirst.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Alpha = CodeFirst.Grpc.AspNetCore.Reflection.V1Alpha;

namespace CodeFirst.Grpc.AspNetCore.Tests;

/// <summary>
/// Server reflection (<c>grpc.reflection.v1</c> and <c>v1alpha</c>) over a real Kestrel: what grpcurl and
/// grpc-go's reflection client ask, answered with descriptors from the contract model.
/// </summary>
[TestClass]
public sealed class ReflectionTests
{
    private const string V1Path = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
    private const string V1AlphaPath = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
    private const string CatalogFile = "test/catalog/v1/catalog.proto";

    private static readonly string[] MappedServices =
    [
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
        "test.catalog.v1.Catalog",
        "test.v1.Echo",
    ];

    private static Task<GrpcTestHost> StartAsync() => GrpcTestHost.StartAsync(
        app =>
        {
            app.MapGrpcService<EchoService>();
            app.MapGrpcService<CatalogService>();
            app.MapGrpcHealthService();
            app.MapGrpcReflectionService();
        },
        services: services => services.AddGrpcHealth());

    /// <summary>Sends the requests on one stream and returns the answers, after checking the call ended OK.</summary>
    private static async Task<List<ServerReflectionResponse>> ReflectAsync(GrpcTestHost host, params ServerReflectionRequest[] requests)
    {
        var response = await RawGrpc.CallAsync(host.Client, V1Path, requests.SelectMany(RawGrpc.FrameOf).ToArray());
        Assert.AreEqual(StatusCode.OK, response.Status, response.Message);
        Assert.HasCount(requests.Length, response.Messages, "one response per request");
        return response.Messages.Select(m => MessageCodec.Decode<ServerReflectionResponse>(m)).ToList();
    }

    private static async Task<List<FileDescriptorProto>> FilesAsync(GrpcTestHost host, ServerReflectionRequest request)
    {
        var response = (await ReflectAsync(host, request)).Single();
        Assert.IsNull(response.ErrorResponse, response.ErrorResponse?.ErrorMessage);
        Assert.IsNotNull(response.FileDescriptorResponse);
        return response.FileDescriptorResponse.FileDescriptorProto.Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes)).ToList();
    }

    [TestMethod]
    public async Task V1_lists_every_mapped_service_including_health_and_reflection()
    {
        await using var host = await StartAsync();

        var response = (await ReflectAsync(host, new ServerReflectionRequest { Host = "localhost", ListServices = "*" })).Single();

        CollectionAssert.AreEqual(MappedServices, response.ListServicesResponse!.Service.Select(s => s.Name).ToArray());
        Assert.AreEqual("localhost", response.ValidHost);
        Assert.AreEqual("*", response.OriginalRequest?.ListServices);
    }

    [TestMethod]
    public async Task Reflection_mapped_first_describes_the_services_mapped_after_it_and_answers_the_same_on_every_call()
    {
        await using var host = await GrpcTestHost.StartAsync(app =>
        {
            app.MapGrpcReflectionService();
            app.MapGrpcService<CatalogService>();
        });

        // Two calls: the second is answered from the index the first built.
        foreach (var _ in new[] { 1, 2 })
        {
            var list = (await ReflectAsync(host, new ServerReflectionRequest { ListServices = "*" })).Single();
            CollectionAssert.AreEqual(
                new[] { "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "test.catalog.v1.Catalog" },
                list.ListServicesResponse!.Service.Select(s => s.Name).ToArray());
            var files = await FilesAsync(host, new ServerReflectionRequest { FileContainingSymbol = "test.catalog.v1.Catalog" });
            Assert.AreEqual(CatalogFile, files[0].Name);
        }
    }

    [TestMethod]
    public async Task V1alpha_lists_every_mapped_service()
    {
        await using var host = await StartAsync();

        var response = await RawGrpc.CallAsync(host.Client, V1AlphaPath, RawGrpc.FrameOf(new Alpha.ServerReflectionRequest { ListServices = "*" }));

        Assert.AreEqual(StatusCode.OK, response.Status, response.Message);
        var answer = MessageCodec.Decode<Alpha.ServerReflectionResponse>(response.Messages.Single());
        CollectionAssert.AreEqual(MappedServices, answer.ListServicesResponse!.Service.Select(s => s.Name).ToArray());
    }

    [TestMethod]
    [DataRow(V1Path)]
    [DataRow(V1AlphaPath)]
    public async Task List_services_sent_as_an_empty_string_is_answered(string path)
    {
        // What grpc-go and grpcurl send: field 7 present with an empty string (a oneof member has presence).
        await using var host = await StartAsync();

        var response = await RawGrpc.CallAsync(host.Client, path, RawGrpc.Frame([0x3A, 0x00]));

        Assert.AreEqual(StatusCode.OK, response.Status, response.Message);
        var answer = MessageCodec.Decode<ServerReflectionResponse>(response.Messages.Single());
        CollectionAssert.AreEqual(MappedServices, answer.ListServicesResponse!.Service.Select(s => s.Name).ToArray());
    }

    [TestMethod]
    public async Task File_by_filename_returns_the_contract_models_descriptor_then_its_dependencies()
    {
        await using var host = await StartAsync();

        var files = await FilesAsync(host, new ServerReflectionRequest { FileByFilename = CatalogFile });

        var expected = ProtoSchema.GetFileDescriptors([typeof(ICatalog)]).Single(f => f.Name == CatalogFile);
        Assert.AreEqual(expected, files[0], "the requested file comes first, exactly as the model describes it");
        CollectionAssert.AreEquivalent(
            new[] { CatalogFile, "test/common/v1/common.proto", "google/protobuf/timestamp.proto", "google/protobuf/duration.proto" },
            files.Select(f => f.Name).ToArray());
        var catalog = files[0];
        Assert.AreEqual("test.catalog.v1", catalog.Package);
        var service = catalog.Service.Single();
        Assert.AreEqual("Catalog", service.Name);
        CollectionAssert.AreEqual(new[] { "GetProduct", "ListProducts" }, service.Method.Select(m => m.Name).ToArray());
        Assert.IsFalse(service.Method[0].ServerStreaming);
        Assert.IsTrue(service.Method[1].ServerStreaming);
        Assert.AreEqual(".test.catalog.v1.Product", service.Method[0].OutputType);
        CollectionAssert.AreEquivalent(new[] { "Product", "GetProductRequest" }, catalog.MessageType.Select(m => m.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "sku", "price", "listed_at", "kind", "attributes", "shelf_life" },
            catalog.MessageType.Single(m => m.Name == "Product").Field.Select(f => f.Name).ToArray());
        Assert.AreEqual("ProductKind", catalog.EnumType.Single().Name);
    }

    [TestMethod]
    public async Task The_descriptor_set_builds_with_google_protobuf()
    {
        // As grpcurl consumes it: the file plus its dependencies link into a complete descriptor pool.
        await using var host = await StartAsync();

        var files = await FilesAsync(host, new ServerReflectionRequest { FileContainingSymbol = "test.catalog.v1.Catalog" });

        var built = FileDescriptor.BuildFromByteStrings(DependencyOrder(files).Select(f => f.ToByteString()));
        var catalog = built.Single(f => f.Name == CatalogFile);
        var product = catalog.MessageTypes.Single(m => m.Name == "Product");
        Assert.AreEqual("google.protobuf.Timestamp", product.FindFieldByName("listed_at").MessageType.FullName);
        Assert.AreEqual("google.protobuf.Duration", product.FindFieldByName("shelf_life").MessageType.FullName);
        Assert.AreEqual("test.common.v1.Money", product.FindFieldByName("price").MessageType.FullName);
        Assert.IsTrue(product.FindFieldByName("attributes").IsMap);
        Assert.AreEqual("test.catalog.v1.ProductKind", product.FindFieldByName("kind").EnumType.FullName);
        Assert.AreEqual("test.catalog.v1.Product", catalog.Services.Single().FindMethodByName("ListProducts").OutputType.FullName);
    }

    [TestMethod]
    [DataRow("test.catalog.v1.Catalog", CatalogFile)]
    [DataRow("test.catalog.v1.Catalog.GetProduct", CatalogFile)]
    [DataRow("test.catalog.v1.Product", CatalogFile)]
    [DataRow(".test.catalog.v1.Product", CatalogFile)]
    [DataRow("test.catalog.v1.Product.listed_at", CatalogFile)]
    [DataRow("test.catalog.v1.Product.AttributesEntry", CatalogFile)]
    [DataRow("test.catalog.v1.ProductKind", CatalogFile)]
    [DataRow("test.catalog.v1.PRODUCT_KIND_DIGITAL", CatalogFile)]
    [DataRow("test.common.v1.Money", "test/common/v1/common.proto")]
    [DataRow("google.protobuf.Timestamp", "google/protobuf/timestamp.proto")]
    [DataRow("test.v1.Echo", "test/v1/test.proto")]
    [DataRow("grpc.health.v1.ServingStatus", "grpc/health/v1/health.proto")]
    [DataRow("grpc.reflection.v1.ServerReflection", "grpc/reflection/v1/reflection.proto")]
    [DataRow("grpc.reflection.v1alpha.ServerReflectionRequest", "grpc/reflection/v1alpha/reflection.proto")]
    public async Task File_containing_symbol_returns_the_declaring_file_first(string symbol, string file)
    {
        await using var host = await StartAsync();

        var files = await FilesAsync(host, new ServerReflectionRequest { FileContainingSymbol = symbol });

        Assert.AreEqual(file, files[0].Name);
        Assert.AreEqual(files.Count, files.Select(f => f.Name).Distinct().Count(), "each file once");
    }

    [TestMethod]
    public async Task Unknown_names_get_not_found_and_the_stream_goes_on()
    {
        await using var host = await StartAsync();

        var responses = await ReflectAsync(host,
            new ServerReflectionRequest { FileContainingSymbol = "no.such.Symbol" },
            new ServerReflectionRequest { FileByFilename = "no/such/file.proto" },
            new ServerReflectionRequest { FileContainingExtension = new ExtensionRequest { ContainingType = "test.catalog.v1.Product", ExtensionNumber = 100 } },
            new ServerReflectionRequest { AllExtensionNumbersOfType = "no.such.Message" },
            new ServerReflectionRequest { FileContainingSymbol = "test.v1.EchoRequest" });

        foreach (var response in responses.Take(4))
        {
            Assert.AreEqual((int)StatusCode.NotFound, response.ErrorResponse?.ErrorCode, response.ErrorResponse?.ErrorMessage);
            Assert.IsNull(response.FileDescriptorResponse);
        }
        StringAssert.Contains(responses[0].ErrorResponse!.ErrorMessage, "no.such.Symbol");
        Assert.AreEqual("no.such.Symbol", responses[0].OriginalRequest?.FileContainingSymbol);
        Assert.IsNotNull(responses[4].FileDescriptorResponse, "a later request on the same stream is answered");
    }

    [TestMethod]
    public async Task A_known_message_has_no_extension_numbers()
    {
        await using var host = await StartAsync();

        var response = (await ReflectAsync(host, new ServerReflectionRequest { AllExtensionNumbersOfType = "test.catalog.v1.Product" })).Single();

        Assert.AreEqual("test.catalog.v1.Product", response.AllExtensionNumbersResponse?.BaseTypeName);
        Assert.IsEmpty(response.AllExtensionNumbersResponse!.ExtensionNumber);
    }

    [TestMethod]
    public async Task A_request_asking_nothing_ends_the_stream_with_invalid_argument()
    {
        await using var host = await StartAsync();

        var response = await RawGrpc.CallAsync(host.Client, V1Path, RawGrpc.FrameOf(new ServerReflectionRequest { Host = "h" }));

        Assert.AreEqual(StatusCode.InvalidArgument, response.Status);
    }

    [TestMethod]
    public async Task V1alpha_serves_the_same_files()
    {
        await using var host = await StartAsync();

        var response = await RawGrpc.CallAsync(host.Client, V1AlphaPath,
            RawGrpc.FrameOf(new Alpha.ServerReflectionRequest { FileContainingSymbol = "test.catalog.v1.Catalog" }));

        var answer = MessageCodec.Decode<Alpha.ServerReflectionResponse>(response.Messages.Single());
        var v1 = await FilesAsync(host, new ServerReflectionRequest { FileContainingSymbol = "test.catalog.v1.Catalog" });
        CollectionAssert.AreEqual(v1.Select(f => f.ToByteArray()).ToArray(), answer.FileDescriptorResponse!.FileDescriptorProto.ToArray(), new BytesComparer());
        Assert.AreEqual("test.catalog.v1.Catalog", answer.OriginalRequest?.FileContainingSymbol);
    }

    [TestMethod]
    public async Task Health_is_described_with_upstreams_names_and_numbers()
    {
        await using var host = await StartAsync();

        var file = (await FilesAsync(host, new ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.Health" })).Single();

        Assert.AreEqual("grpc/health/v1/health.proto", file.Name);
        // As upstream's health.proto, except that ServingStatus is top-level (contracts do not nest types).
        Assert.AreEqual("""
            package grpc.health.v1
            imports 
            service Health
              rpc Check (.grpc.health.v1.HealthCheckRequest) returns (.grpc.health.v1.HealthCheckResponse)
              rpc Watch (.grpc.health.v1.HealthCheckRequest) returns (stream .grpc.health.v1.HealthCheckResponse)
            message HealthCheckRequest
              1: service Optional String 
            message HealthCheckResponse
              1: status Optional Enum .grpc.health.v1.ServingStatus
            enum ServingStatus
              UNKNOWN = 0
              SERVING = 1
              NOT_SERVING = 2
              SERVICE_UNKNOWN = 3

            """.ReplaceLineEndings("\n"), DescriptorText.Describe(file).ReplaceLineEndings("\n"));
    }

    [TestMethod]
    [DataRow("grpc.reflection.v1")]
    [DataRow("grpc.reflection.v1alpha")]
    public async Task Reflection_is_described_with_upstreams_names_and_numbers(string package)
    {
        await using var host = await StartAsync();

        var file = (await FilesAsync(host, new ServerReflectionRequest { FileContainingSymbol = package + ".ServerReflection" })).Single();

        Assert.AreEqual(package.Replace('.', '/') + "/reflection.proto", file.Name);
        // As upstream's reflection.proto, except that the oneofs are plain fields (same numbers, same wire).
        var p = "." + package;
        Assert.AreEqual($"""
            package {package}
            imports 
            service ServerReflection
              rpc ServerReflectionInfo (stream {p}.ServerReflectionRequest) returns (stream {p}.ServerReflectionResponse)
            message ErrorResponse
              1: error_code Optional Int32 
              2: error_message Optional String 
            message ExtensionNumberResponse
              1: base_type_name Optional String 
              2: extension_number Repeated Int32 
            message ExtensionRequest
              1: containing_type Optional String 
              2: extension_number Optional Int32 
            message FileDescriptorResponse
              1: file_descriptor_proto Repeated Bytes 
            message ListServiceResponse
              1: service Repeated Message {p}.ServiceResponse
            message ServerReflectionRequest
              1: host Optional String 
              3: file_by_filename Optional String 
              4: file_containing_symbol Optional String 
              5: file_containing_extension Optional Message {p}.ExtensionRequest
              6: all_extension_numbers_of_type Optional String 
              7: list_services Optional String 
            message ServerReflectionResponse
              1: valid_host Optional String 
              2: original_request Optional Message {p}.ServerReflectionRequest
              4: file_descriptor_response Optional Message {p}.FileDescriptorResponse
              5: all_extension_numbers_response Optional Message {p}.ExtensionNumberResponse
              6: list_services_response Optional Message {p}.ListServiceResponse
              7: error_response Optional Message {p}.ErrorResponse
            message ServiceResponse
              1: name Optional String 

            """.ReplaceLineEndings("\n"), DescriptorText.Describe(file).ReplaceLineEndings("\n"));
    }

    /// <summary>Files ordered so each comes after its dependencies, as <see cref="FileDescriptor.BuildFromByteStrings(IEnumerable{ByteString})"/> needs.</summary>
    private static List<FileDescriptorProto> DependencyOrder(List<FileDescriptorProto> files)
    {
        var byName = files.ToDictionary(f => f.Name);
        var ordered = new List<FileDescriptorProto>();
        var done = new HashSet<string>();
        void Visit(FileDescriptorProto file)
        {
            if (!done.Add(file.Name))
            {
                return;
            }
            foreach (var dependency in file.Dependency)
            {
                Assert.IsTrue(byName.TryGetValue(dependency, out var inner), $"{file.Name} imports {dependency}, which the response does not carry");
                Visit(inner);
            }
            ordered.Add(file);
        }
        files.ForEach(Visit);
        return ordered;
    }

    private sealed class BytesComparer : System.Collections.IComparer
    {
        public int Compare(object? x, object? y) => ((byte[])x!).AsSpan().SequenceEqual((byte[])y!) ? 0 : 1;
    }
}
