using CodeFirst.Grpc.ErrorDetails;
using CodeFirst.Grpc.Schema;
using CodeFirst.Grpc.Tests.RichErrors;
using CodeFirst.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Ref = GoogleRpcReference;
using WellKnown = Google.Protobuf.WellKnownTypes;

namespace CodeFirst.Grpc.Tests;

/// <summary>
/// The rich error model (<c>google.rpc.Status</c> in <c>grpc-status-details-bin</c>): byte equality with
/// protoc-generated C# for minimal copies of googleapis' protos (Reference/google/rpc), round trips through
/// <see cref="RichStatus"/>, unknown and malformed details, and the exported schema.
/// </summary>
[TestClass]
public sealed class ErrorDetailsTests
{
    private const string StatusProto = "google/rpc/status.proto";
    private const string ErrorDetailsProto = "google/rpc/error_details.proto";

    private static readonly Status NotFound = new(StatusCode.NotFound, "order o-42 not found");

    private static readonly Type[] ErrorDetailTypes =
    [
        typeof(RpcStatus), typeof(ErrorInfo), typeof(RetryInfo), typeof(DebugInfo), typeof(QuotaFailure), typeof(PreconditionFailure),
        typeof(BadRequest), typeof(RequestInfo), typeof(ResourceInfo), typeof(Help), typeof(LocalizedMessage),
    ];

    // ---- Bytes, against Google.Protobuf's generated code ----

    [TestMethod]
    public void Status_with_every_detail_type_encodes_to_the_same_bytes_as_generated_code()
    {
        var expected = ReferenceStatus().ToByteArray();

        var actual = RichStatus.Encode(NotFound, SampleDetails());

        CollectionAssert.AreEqual(expected, actual, Hex(expected, actual));
    }

    [TestMethod]
    public void Status_with_error_info_and_bad_request_encodes_to_the_same_bytes_as_generated_code()
    {
        var errorInfo = new Ref.ErrorInfo { Reason = "ORDER_INVALID", Domain = "order.v1" };
        errorInfo.Metadata.Add("order_id", "o-42");
        var badRequest = new Ref.BadRequest();
        badRequest.FieldViolations.Add(new Ref.BadRequest.Types.FieldViolation { Field = "items[0].quantity", Description = "must be positive" });
        var reference = new Ref.Status { Code = (int)StatusCode.InvalidArgument, Message = "invalid order" };
        reference.Details.Add([WellKnown.Any.Pack(errorInfo), WellKnown.Any.Pack(badRequest)]);
        var expected = reference.ToByteArray();

        var actual = RichStatus.Encode(new Status(StatusCode.InvalidArgument, "invalid order"),
        [
            new ErrorInfo { Reason = "ORDER_INVALID", Domain = "order.v1", Metadata = { ["order_id"] = "o-42" } },
            new BadRequest { FieldViolations = { new BadRequestFieldViolation { Field = "items[0].quantity", Description = "must be positive" } } },
        ]);

        CollectionAssert.AreEqual(expected, actual, Hex(expected, actual));
    }

    [TestMethod]
    public void Detail_type_urls_are_those_google_protobuf_packs()
    {
        var status = Ref.Status.Parser.ParseFrom(RichStatus.Encode(NotFound, SampleDetails()));

        CollectionAssert.AreEqual(
            ReferenceStatus().Details.Select(d => d.TypeUrl).ToArray(),
            status.Details.Select(d => d.TypeUrl).ToArray());
        Assert.AreEqual("type.googleapis.com/google.rpc.ErrorInfo", status.Details[0].TypeUrl);
    }

    [TestMethod]
    public void Our_bytes_parse_in_generated_code_to_an_equal_status()
    {
        var parsed = Ref.Status.Parser.ParseFrom(RichStatus.Encode(NotFound, SampleDetails()));

        Assert.AreEqual(ReferenceStatus(), parsed);
        Assert.AreEqual(TimeSpan.FromSeconds(1.5), parsed.Details[2].Unpack<Ref.RetryInfo>().RetryDelay.ToTimeSpan());
    }

    [TestMethod]
    public void Generated_codes_bytes_decode_to_typed_details()
    {
        var details = RichStatus.DecodeDetails(ReferenceStatus().ToByteArray(), out var status);

        Assert.AreEqual(NotFound, status);
        AssertDetailsEqual(SampleDetails(), details);
        var errorInfo = (ErrorInfo)details[0];
        Assert.AreEqual("ORDER_NOT_FOUND", errorInfo.Reason);
        Assert.AreEqual("eu", errorInfo.Metadata["region"]);
        Assert.AreEqual("must be positive", ((BadRequest)details[1]).FieldViolations[0].Description);
        Assert.AreEqual(TimeSpan.FromSeconds(1.5), ((RetryInfo)details[2]).RetryDelay);
    }

    // ---- Round trips through RichStatus ----

    [TestMethod]
    public void Encode_then_decode_gives_the_status_and_equal_details()
    {
        var sent = SampleDetails();

        var received = RichStatus.DecodeDetails(RichStatus.Encode(NotFound, sent), out var status);

        Assert.AreEqual(NotFound, status);
        AssertDetailsEqual(sent, received);
    }

    [TestMethod]
    public void A_status_without_details_round_trips()
    {
        var bytes = RichStatus.Encode(new Status(StatusCode.Unavailable, ""), []);

        var details = RichStatus.DecodeDetails(bytes, out var status);

        Assert.AreEqual(new Status(StatusCode.Unavailable, ""), status);
        Assert.AreEqual(0, details.Count);
        CollectionAssert.AreEqual(new byte[] { 0x08, 0x0E }, bytes);
    }

    [TestMethod]
    public void An_unknown_type_url_comes_back_as_the_raw_any_and_is_sent_on_unchanged()
    {
        var unknown = new Any { TypeUrl = "type.googleapis.com/acme.v1.Mystery", Value = [0x08, 0x2A] };
        var bytes = RichStatus.Encode(NotFound, [unknown, new ErrorInfo { Reason = "R" }]);

        var details = RichStatus.DecodeDetails(bytes, out _);

        var any = (Any)details[0];
        Assert.AreEqual("type.googleapis.com/acme.v1.Mystery", any.TypeUrl);
        CollectionAssert.AreEqual(new byte[] { 0x08, 0x2A }, any.Value);
        Assert.AreEqual("R", ((ErrorInfo)details[1]).Reason);
        CollectionAssert.AreEqual(bytes, RichStatus.Encode(NotFound, details), "a relayed Any must not be wrapped again");
    }

    [TestMethod]
    public void An_unregistered_user_detail_is_sent_typed_and_received_as_any()
    {
        var bytes = RichStatus.Encode(NotFound, [new UnregisteredDetail { Note = "hi" }]);

        var any = (Any)RichStatus.DecodeDetails(bytes, out _).Single();

        Assert.AreEqual("type.googleapis.com/shop.errors.v1.UnregisteredDetail", any.TypeUrl);
        Assert.AreEqual("hi", MessageCodec.Decode<UnregisteredDetail>(any.Value).Note);
    }

    [TestMethod]
    public void A_registered_user_detail_is_received_typed()
    {
        RichStatus.RegisterDetailType(typeof(OrderConflict));
        RichStatus.RegisterDetailType(typeof(OrderConflict)); // again: no effect
        var bytes = RichStatus.Encode(NotFound, [new OrderConflict { OrderId = "o-42", ExpectedVersion = 7 }]);

        var conflict = (OrderConflict)RichStatus.DecodeDetails(bytes, out _).Single();

        Assert.AreEqual("o-42", conflict.OrderId);
        Assert.AreEqual(7, conflict.ExpectedVersion);
    }

    [TestMethod]
    public void Type_urls_with_another_prefix_are_matched_by_the_name_after_the_last_slash()
    {
        var errorInfo = new Any { TypeUrl = "example.com/types/google.rpc.ErrorInfo", Value = MessageCodec.ToByteArray(new ErrorInfo { Reason = "R" }) };
        var noSlash = new Any { TypeUrl = "google.rpc.ErrorInfo", Value = errorInfo.Value };

        var details = RichStatus.DecodeDetails(RichStatus.Encode(NotFound, [errorInfo, noSlash]), out _);

        Assert.AreEqual("R", ((ErrorInfo)details[0]).Reason);
        Assert.IsInstanceOfType<Any>(details[1], "a type URL needs a '/' before the type name, as in Google.Protobuf");
    }

    [TestMethod]
    public void Registering_a_second_type_with_a_registered_name_fails()
    {
        RichStatus.RegisterDetailType(typeof(OrderConflict));

        var e = Assert.ThrowsExactly<ArgumentException>(() => RichStatus.RegisterDetailType(typeof(OrderConflictImpostor)));

        Assert.Contains("shop.errors.v1.OrderConflict", e.Message);
        Assert.ThrowsExactly<ArgumentException>(() => RichStatus.RegisterDetailType(typeof(ErrorInfoImpostor)));
    }

    [TestMethod]
    public void Registering_or_sending_a_non_contract_fails_with_a_contract_error()
    {
        Assert.ThrowsExactly<InvalidContractException>(() => RichStatus.RegisterDetailType(typeof(string)));
        Assert.ThrowsExactly<InvalidContractException>(() => RichStatus.Encode(NotFound, ["not a message"]));
        Assert.ThrowsExactly<ArgumentException>(() => RichStatus.Encode(NotFound, [null!]));
    }

    // ---- Bad input ----

    [TestMethod]
    public void Garbage_bytes_fail_with_a_decode_error()
    {
        byte[][] garbage =
        [
            [0x1A, 0x05, 0x0A],             // details: length 5, 1 byte follows
            [0x08],                         // code: truncated varint
            [0x12, 0x02, 0xC3, 0x28],       // message: invalid UTF-8
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
        ];
        foreach (var bytes in garbage)
        {
            var e = Assert.ThrowsExactly<MessageDecodeException>(() => RichStatus.DecodeDetails(bytes, out _), Convert.ToHexString(bytes));
            StringAssert.StartsWith(e.MessageType, "google.", Convert.ToHexString(bytes));
        }
    }

    [TestMethod]
    public void A_known_detail_with_garbage_value_fails_with_a_decode_error_naming_it()
    {
        var bytes = RichStatus.Encode(NotFound, [new Any { TypeUrl = "type.googleapis.com/google.rpc.ErrorInfo", Value = [0x0A, 0x09, 0x41] }]);

        var e = Assert.ThrowsExactly<MessageDecodeException>(() => RichStatus.DecodeDetails(bytes, out _));

        Assert.AreEqual("google.rpc.ErrorInfo", e.MessageType);
        Assert.AreEqual(1, e.FieldNumber);
    }

    // ---- RpcException.GetDetail ----

    [TestMethod]
    public void Get_detail_returns_the_first_detail_of_the_type_or_null()
    {
        var first = new ErrorInfo { Reason = "FIRST" };
        var e = new RpcException(NotFound, details: [new Help(), first, new ErrorInfo { Reason = "SECOND" }]);

        Assert.AreSame(first, e.GetDetail<ErrorInfo>());
        Assert.IsNull(e.GetDetail<BadRequest>());
        Assert.IsNull(new RpcException(NotFound).GetDetail<ErrorInfo>());
    }

    // ---- The example in docs/contracts.md ("Rich error details") ----

    [TestMethod]
    public void Docs_example()
    {
        // Server: throw with details; the server sends RichStatus.Encode(e.Status, e.Details) as grpc-status-details-bin.
        var thrown = new RpcException(new Status(StatusCode.InvalidArgument, "invalid order"), details:
        [
            new BadRequest { FieldViolations = { new BadRequestFieldViolation { Field = "items[0].quantity", Description = "must be positive" } } },
            new ErrorInfo { Reason = "ORDER_INVALID", Domain = "order.v1", Metadata = { ["order_id"] = "o-42" } },
        ]);
        byte[] trailer = RichStatus.Encode(thrown.Status, thrown.Details);

        // Client: the trailer's bytes back to a status and typed details.
        IReadOnlyList<object> details = RichStatus.DecodeDetails(trailer, out Status status);
        var received = new RpcException(status, details: details);
        BadRequest? badRequest = received.GetDetail<BadRequest>();   // null when absent

        Assert.AreEqual(StatusCode.InvalidArgument, received.StatusCode);
        Assert.AreEqual("items[0].quantity", badRequest?.FieldViolations[0].Field);
        Assert.AreEqual("o-42", received.GetDetail<ErrorInfo>()?.Metadata["order_id"]);
        Assert.AreEqual("grpc-status-details-bin", RichStatus.TrailerName);
    }

    // ---- The exported schema ----

    [TestMethod]
    public void Export_imports_any_from_the_well_known_file_and_writes_google_rpc()
    {
        var files = ProtoSchema.GetFileDescriptors(ErrorDetailTypes);

        CollectionAssert.AreEquivalent(new[] { StatusProto, ErrorDetailsProto }, files.Select(f => f.Name).ToArray());
        var status = files.Single(f => f.Name == StatusProto);
        CollectionAssert.AreEqual(new[] { "google/protobuf/any.proto" }, status.Dependency.ToArray());
        var text = ProtoSchema.Format(status);
        StringAssert.Contains(text, "import \"google/protobuf/any.proto\";");
        StringAssert.Contains(text, "repeated google.protobuf.Any details = 3;");
        CollectionAssert.AreEqual(new[] { "google/protobuf/duration.proto" }, files.Single(f => f.Name == ErrorDetailsProto).Dependency.ToArray());
    }

    [TestMethod]
    public void A_well_known_type_alone_exports_nothing()
    {
        Assert.AreEqual(0, ProtoSchema.GetFileDescriptors([typeof(Any)]).Count);
    }

    [TestMethod]
    public async Task Exported_protos_compile_and_describe_the_same_messages_as_the_reference_copies()
    {
        var exported = await CompileExport();
        var reference = await Protoc.DescriptorSetAsync(typeof(ErrorDetailsTests).Assembly,
            RepoPaths.Combine("tests/CodeFirst.Grpc.Tests/Reference"), StatusProto, ErrorDetailsProto);

        foreach (var name in new[] { StatusProto, ErrorDetailsProto })
        {
            Assert.AreEqual(
                DescriptorText.Describe(FlattenNestedMessages(reference.File.Single(f => f.Name == name))),
                DescriptorText.Describe(exported.File.Single(f => f.Name == name)),
                name);
        }
    }

    [TestMethod]
    public async Task Model_descriptors_match_what_protoc_builds_from_the_exported_text()
    {
        var exported = await CompileExport();

        foreach (var fromModel in ProtoSchema.GetFileDescriptors(ErrorDetailTypes))
        {
            Assert.AreEqual(DescriptorText.Describe(exported.File.Single(f => f.Name == fromModel.Name)), DescriptorText.Describe(fromModel), fromModel.Name);
        }
    }

    // ---- Helpers ----

    private static object[] SampleDetails() =>
    [
        new ErrorInfo { Reason = "ORDER_NOT_FOUND", Domain = "order.v1", Metadata = { ["order_id"] = "o-42", ["region"] = "eu" } },
        new BadRequest
        {
            FieldViolations =
            {
                new BadRequestFieldViolation { Field = "items[0].quantity", Description = "must be positive" },
                new BadRequestFieldViolation { Field = "customer_id", Description = "required" },
            },
        },
        new RetryInfo { RetryDelay = TimeSpan.FromSeconds(1.5) },
        new DebugInfo { StackEntries = { "at Orders.Place()", "at Server.Handle()" }, Detail = "database timeout" },
        new QuotaFailure { Violations = { new QuotaFailureViolation { Subject = "clientip:10.0.0.1", Description = "daily limit reached" } } },
        new PreconditionFailure { Violations = { new PreconditionFailureViolation { Type = "TOS", Subject = "example.com/terms", Description = "terms not accepted" } } },
        new RequestInfo { RequestId = "req-7", ServingData = "shard 3" },
        new ResourceInfo { ResourceType = "order", ResourceName = "o-42", Owner = "user:ann", Description = "no such order" },
        new Help { Links = { new HelpLink { Description = "Orders API", Url = "https://example.com/docs/orders" } } },
        new LocalizedMessage { Locale = "de-DE", Message = "Bestellung o-42 nicht gefunden" },
    ];

    /// <summary><see cref="SampleDetails"/> built with the generated reference types, without our codec.</summary>
    private static Ref.Status ReferenceStatus()
    {
        var errorInfo = new Ref.ErrorInfo { Reason = "ORDER_NOT_FOUND", Domain = "order.v1" };
        errorInfo.Metadata.Add("order_id", "o-42");
        errorInfo.Metadata.Add("region", "eu");
        var badRequest = new Ref.BadRequest();
        badRequest.FieldViolations.Add(new Ref.BadRequest.Types.FieldViolation { Field = "items[0].quantity", Description = "must be positive" });
        badRequest.FieldViolations.Add(new Ref.BadRequest.Types.FieldViolation { Field = "customer_id", Description = "required" });
        var debugInfo = new Ref.DebugInfo { Detail = "database timeout" };
        debugInfo.StackEntries.Add(["at Orders.Place()", "at Server.Handle()"]);
        var quotaFailure = new Ref.QuotaFailure();
        quotaFailure.Violations.Add(new Ref.QuotaFailure.Types.Violation { Subject = "clientip:10.0.0.1", Description = "daily limit reached" });
        var preconditionFailure = new Ref.PreconditionFailure();
        preconditionFailure.Violations.Add(new Ref.PreconditionFailure.Types.Violation { Type = "TOS", Subject = "example.com/terms", Description = "terms not accepted" });
        var help = new Ref.Help();
        help.Links.Add(new Ref.Help.Types.Link { Description = "Orders API", Url = "https://example.com/docs/orders" });

        var status = new Ref.Status { Code = (int)StatusCode.NotFound, Message = "order o-42 not found" };
        IMessage[] details =
        [
            errorInfo,
            badRequest,
            new Ref.RetryInfo { RetryDelay = WellKnown.Duration.FromTimeSpan(TimeSpan.FromSeconds(1.5)) },
            debugInfo,
            quotaFailure,
            preconditionFailure,
            new Ref.RequestInfo { RequestId = "req-7", ServingData = "shard 3" },
            new Ref.ResourceInfo { ResourceType = "order", ResourceName = "o-42", Owner = "user:ann", Description = "no such order" },
            help,
            new Ref.LocalizedMessage { Locale = "de-DE", Message = "Bestellung o-42 nicht gefunden" },
        ];
        status.Details.Add(details.Select(WellKnown.Any.Pack));
        return status;
    }

    /// <summary>Same detail types in the same order, each encoding to the same bytes.</summary>
    private static void AssertDetailsEqual(IReadOnlyList<object> expected, IReadOnlyList<object> actual)
    {
        CollectionAssert.AreEqual(expected.Select(d => d.GetType()).ToArray(), actual.Select(d => d.GetType()).ToArray());
        var expectedBytes = Ref.Status.Parser.ParseFrom(RichStatus.Encode(NotFound, expected)).Details;
        var actualBytes = Ref.Status.Parser.ParseFrom(RichStatus.Encode(NotFound, actual)).Details;
        Assert.AreEqual(expectedBytes, actualBytes);
    }

    private static async Task<FileDescriptorSet> CompileExport()
    {
        var root = Directory.CreateTempSubdirectory("codefirst-rich-errors-").FullName;
        try
        {
            foreach (var file in ProtoSchema.GetFileDescriptors(ErrorDetailTypes))
            {
                var path = Path.Combine(root, file.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, ProtoSchema.Format(file));
            }
            return await Protoc.DescriptorSetAsync(typeof(ErrorDetailsTests).Assembly, root, StatusProto, ErrorDetailsProto);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The one way our export differs from googleapis: contracts cannot nest messages, so
    /// <c>google.rpc.QuotaFailure.Violation</c> is the top-level <c>google.rpc.QuotaFailureViolation</c>
    /// (the wire format depends only on field numbers and types). This applies that renaming to a
    /// reference descriptor: nested messages other than map entries move to the top level as Outer+Inner.
    /// </summary>
    private static FileDescriptorProto FlattenNestedMessages(FileDescriptorProto file)
    {
        var flat = file.Clone();
        var prefix = "." + flat.Package + ".";
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in flat.MessageType.ToList())
        {
            foreach (var nested in message.NestedType.Where(n => n.Options?.MapEntry != true).ToList())
            {
                message.NestedType.Remove(nested);
                renamed[prefix + message.Name + "." + nested.Name] = prefix + message.Name + nested.Name;
                nested.Name = message.Name + nested.Name;
                flat.MessageType.Add(nested);
            }
        }
        foreach (var field in flat.MessageType.SelectMany(m => m.Field.Concat(m.NestedType.SelectMany(n => n.Field))))
        {
            if (renamed.TryGetValue(field.TypeName, out var name))
            {
                field.TypeName = name;
            }
        }
        return flat;
    }

    private static string Hex(byte[] expected, byte[] actual) =>
        $"\nexpected {Convert.ToHexString(expected)}\nactual   {Convert.ToHexString(actual)}";
}
