using CodeFirst.Grpc.Contracts;
using CodeFirst.Grpc.Tests.InvalidContracts;

namespace CodeFirst.Grpc.Tests;

/// <summary>
/// Contract mistakes are reported when the model is built (and by <see cref="MessageCodec.Prepare"/>), as an
/// <see cref="InvalidContractException"/> whose message names the type, the member and the field number.
/// </summary>
[TestClass]
public sealed class ContractErrorTests
{
    // ---- Field numbers ----

    [TestMethod]
    public void Duplicate_field_numbers_are_rejected()
    {
        var e = AssertInvalidMessage(typeof(DuplicateNumbers), typeof(DuplicateNumbers), "Second", "field number 1");

        Assert.Contains("First", e.Message);
    }

    [TestMethod]
    public void Field_number_0_is_rejected() =>
        AssertInvalidMessage(typeof(ZeroNumber), typeof(ZeroNumber), "Zero", "field number 0");

    [TestMethod]
    public void Negative_field_number_is_rejected() =>
        AssertInvalidMessage(typeof(NegativeNumber), typeof(NegativeNumber), "Negative", "field number -5");

    [TestMethod]
    public void Missing_order_is_rejected_and_says_how_to_set_it()
    {
        var e = AssertInvalidMessage(typeof(MissingOrder), typeof(MissingOrder), "Unnumbered", "field number -1");

        Assert.Contains("Order", e.Message);
    }

    [TestMethod]
    public void First_reserved_number_is_rejected() =>
        AssertInvalidMessage(typeof(FirstReservedNumber), typeof(FirstReservedNumber), "Reserved", "field number 19000");

    [TestMethod]
    public void Last_reserved_number_is_rejected() =>
        AssertInvalidMessage(typeof(LastReservedNumber), typeof(LastReservedNumber), "Reserved", "field number 19999");

    [TestMethod]
    public void Number_above_the_maximum_is_rejected() =>
        AssertInvalidMessage(typeof(NumberTooLarge), typeof(NumberTooLarge), "Huge", "field number 536870912");

    [TestMethod]
    public void Numbers_next_to_the_reserved_range_and_the_maximum_are_accepted()
    {
        var contract = ContractModel.GetMessage(typeof(EdgeNumbers));
        MessageCodec.Prepare(typeof(EdgeNumbers));

        CollectionAssert.AreEqual(new[] { 18999, 20000, 536870911 }, contract.Fields.Select(f => f.Number).ToArray());
        var copy = MessageCodec.Decode<EdgeNumbers>(MessageCodec.ToByteArray(new EdgeNumbers { BeforeReserved = 1, AfterReserved = 2, Largest = 3 }));
        Assert.AreEqual((1, 2, 3), (copy.BeforeReserved, copy.AfterReserved, copy.Largest));
    }

    // ---- Member types ----

    [TestMethod]
    public void Decimal_member_is_rejected() =>
        AssertInvalidMessage(typeof(DecimalMember), typeof(DecimalMember), "Price", "field 7", "System.Decimal");

    [TestMethod]
    public void Object_member_is_rejected() =>
        AssertInvalidMessage(typeof(ObjectMember), typeof(ObjectMember), "Anything", "field 3", "System.Object");

    [TestMethod]
    public void List_of_lists_member_is_rejected()
    {
        // The element type is what is unsupported; the message still points at the member.
        var e = AssertInvalidMessage(typeof(ListOfListsMember), typeof(ListOfListsMember), "Grid", "field 4");

        Assert.Contains("List", e.Message);
    }

    [TestMethod]
    public void Map_with_a_double_key_is_rejected()
    {
        var e = AssertInvalidMessage(typeof(DoubleKeyedMap), typeof(DoubleKeyedMap), "ByWeight", "field 5", "System.Double");

        Assert.Contains("key", e.Message);
    }

    [TestMethod]
    public void Member_of_a_class_without_DataContract_is_rejected() =>
        AssertInvalidMessage(typeof(NonContractMember), typeof(NonContractMember), "Plain", "field 6", nameof(NotAContract));

    // ---- Enums ----

    [TestMethod]
    public void Enum_without_a_zero_value_is_rejected()
    {
        var direct = Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetEnum(typeof(NoZeroValue)));
        Assert.AreEqual(typeof(NoZeroValue), direct.ContractType);
        Assert.Contains(typeof(NoZeroValue).FullName!, direct.Message);
        Assert.Contains("0", direct.Message);

        // Reached through a member, the message also says which member uses it.
        var e = AssertInvalidMessage(typeof(UsesNoZeroEnum), typeof(NoZeroValue), "Level", "field 8", typeof(NoZeroValue).FullName!);
        Assert.IsNull(e.MemberName);
    }

    [TestMethod]
    public void Enum_whose_underlying_type_is_not_int_is_rejected()
    {
        var direct = Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetEnum(typeof(LongBacked)));
        Assert.AreEqual(typeof(LongBacked), direct.ContractType);
        Assert.Contains(typeof(LongBacked).FullName!, direct.Message);
        Assert.Contains("int", direct.Message);

        AssertInvalidMessage(typeof(UsesLongEnum), typeof(LongBacked), "Sizes", "field 9", typeof(LongBacked).FullName!);
    }

    // ---- Types that are not contracts ----

    [TestMethod]
    public void Class_without_DataContract_is_rejected()
    {
        foreach (var e in new[]
        {
            Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetMessage(typeof(NotAContract))),
            Assert.ThrowsExactly<InvalidContractException>(() => MessageCodec.Prepare(typeof(NotAContract))),
        })
        {
            Assert.AreEqual(typeof(NotAContract), e.ContractType);
            Assert.Contains(typeof(NotAContract).FullName!, e.Message);
            Assert.Contains("[DataContract]", e.Message);
        }
    }

    [TestMethod]
    public void Struct_is_rejected()
    {
        foreach (var e in new[]
        {
            Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetMessage(typeof(StructContract))),
            Assert.ThrowsExactly<InvalidContractException>(() => MessageCodec.Prepare(typeof(StructContract))),
        })
        {
            Assert.AreEqual(typeof(StructContract), e.ContractType);
            Assert.Contains(typeof(StructContract).FullName!, e.Message);
        }
    }

    [TestMethod]
    public void Invalid_nested_message_type_is_named_in_the_error()
    {
        var e = AssertInvalidMessage(typeof(OuterWithInvalidInner), typeof(InvalidInner), "Bad", "field number 19500");

        Assert.AreEqual("Bad", e.MemberName);
    }

    [TestMethod]
    public void Failed_contracts_are_not_cached()
    {
        Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetMessage(typeof(OuterWithInvalidInner)));
        Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetMessage(typeof(OuterWithInvalidInner)));
        Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetMessage(typeof(InvalidInner)));
        Assert.ThrowsExactly<InvalidContractException>(() => MessageCodec.Prepare(typeof(OuterWithInvalidInner)));
        Assert.ThrowsExactly<InvalidContractException>(() => MessageCodec.Prepare(typeof(OuterWithInvalidInner)));
    }

    // ---- Recursive types ----

    [TestMethod]
    public void Recursive_message_type_is_valid_and_round_trips()
    {
        var contract = ContractModel.GetMessage(typeof(TreeNode));
        MessageCodec.Prepare(typeof(TreeNode));
        Assert.AreEqual("errors.v1.TreeNode", contract.FullName);
        Assert.AreEqual(".errors.v1.TreeNode", contract.Fields.Single(f => f.Number == 2).Value.TypeName);

        var tree = new TreeNode
        {
            Name = "root",
            Parent = new TreeNode { Name = "above", Parent = new TreeNode { Name = "top" } },
            Children = [new TreeNode { Name = "a", Children = [new TreeNode { Name = "a1" }] }, new TreeNode { Name = "b" }],
            ByName = new() { ["x"] = new TreeNode { Name = "x", ByName = new() { ["y"] = new TreeNode { Name = "y" } } } },
            Other = new Ping { Hits = 1, Reply = new Pong { Hits = 2, Reply = new Ping { Hits = 3 } } },
        };

        var copy = MessageCodec.Decode<TreeNode>(MessageCodec.ToByteArray(tree));

        Assert.AreEqual("root", copy.Name);
        Assert.AreEqual("top", copy.Parent!.Parent!.Name);
        Assert.IsNull(copy.Parent!.Parent!.Parent);
        CollectionAssert.AreEqual(new[] { "a", "b" }, copy.Children!.Select(c => c.Name).ToArray());
        Assert.AreEqual("a1", copy.Children![0].Children!.Single().Name);
        Assert.AreEqual("y", copy.ByName!["x"].ByName!["y"].Name);
        Assert.AreEqual(3, copy.Other!.Reply!.Reply!.Hits);
        CollectionAssert.AreEqual(MessageCodec.ToByteArray(tree), MessageCodec.ToByteArray(copy));
    }

    [TestMethod]
    public void Mutually_recursive_message_types_are_valid()
    {
        MessageCodec.Prepare(typeof(Pong));

        Assert.AreEqual(".errors.v1.Ping", ContractModel.GetMessage(typeof(Pong)).Fields.Single(f => f.Number == 2).Value.TypeName);
        Assert.AreEqual(".errors.v1.Pong", ContractModel.GetMessage(typeof(Ping)).Fields.Single(f => f.Number == 2).Value.TypeName);
    }

    // ---- Services ----

    [TestMethod]
    [DataRow(typeof(IVoidMethodService), "Send", DisplayName = "void M(Req)")]
    [DataRow(typeof(IBareTaskService), "SendAsync", DisplayName = "Task M(Req)")]
    [DataRow(typeof(ITwoRequestsService), "SendAsync", DisplayName = "ValueTask<Res> M(Req, Req)")]
    [DataRow(typeof(INonContractRequestService), "SendAsync", DisplayName = "request not a [DataContract]")]
    [DataRow(typeof(INonContractResponseService), "SendAsync", DisplayName = "response not a [DataContract]")]
    public void Service_method_of_unsupported_shape_is_rejected(Type service, string method)
    {
        var e = Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetService(service));

        Assert.AreEqual(service, e.ContractType);
        Assert.AreEqual(method, e.MemberName);
        Assert.Contains($"{service.FullName}.{method}", e.Message);
        Assert.Contains("shape", e.Message);
    }

    [TestMethod]
    public void Service_with_an_invalid_message_names_the_message()
    {
        var e = Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetService(typeof(IInvalidMessageService)));

        Assert.AreEqual(typeof(InvalidInner), e.ContractType);
        Assert.Contains($"{typeof(InvalidInner).FullName}.Bad", e.Message);
        Assert.Contains("19500", e.Message);
    }

    [TestMethod]
    public void Class_is_not_a_service()
    {
        var e = Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetService(typeof(EchoRequest)));

        Assert.Contains(typeof(EchoRequest).FullName!, e.Message);
        Assert.Contains("[GrpcService]", e.Message);
    }

    [TestMethod]
    public void Valid_service_maps_Async_names_and_all_four_call_types()
    {
        var service = ContractModel.GetService(typeof(IEchoService));

        Assert.AreEqual("errors.v1.EchoService", service.FullName);
        var methods = service.Methods.ToDictionary(m => m.Method.Name);
        Assert.HasCount(7, methods);

        void Check(string csharpName, string wireName, MethodType type, ContextForm context)
        {
            var method = methods[csharpName];
            Assert.AreEqual(wireName, method.Name, csharpName);
            Assert.AreEqual($"/errors.v1.EchoService/{wireName}", method.Path, csharpName);
            Assert.AreEqual(type, method.Type, csharpName);
            Assert.AreEqual(context, method.Context, csharpName);
            Assert.AreEqual(typeof(EchoRequest), method.RequestType, csharpName);
            Assert.AreEqual(typeof(EchoResponse), method.ResponseType, csharpName);
        }

        Check(nameof(IEchoService.UnaryAsync), "Unary", MethodType.Unary, ContextForm.CallContext);
        Check(nameof(IEchoService.UnaryTaskAsync), "UnaryTask", MethodType.Unary, ContextForm.CancellationToken);
        Check(nameof(IEchoService.ServerStreamAsync), "ServerStream", MethodType.ServerStreaming, ContextForm.CallContext);
        Check(nameof(IEchoService.ClientStreamAsync), "ClientStream", MethodType.ClientStreaming, ContextForm.CallContext);
        Check(nameof(IEchoService.DuplexAsync), "Duplex", MethodType.DuplexStreaming, ContextForm.None);
        Check(nameof(IEchoService.NoSuffix), "NoSuffix", MethodType.Unary, ContextForm.None);
        Check(nameof(IEchoService.OriginalAsync), "Renamed", MethodType.Unary, ContextForm.None);
        Assert.AreEqual(ResponseForm.Task, methods[nameof(IEchoService.UnaryTaskAsync)].Shape.Response);
        Assert.AreEqual(ResponseForm.ValueTask, methods[nameof(IEchoService.UnaryAsync)].Shape.Response);
    }

    // ---- Helpers ----

    /// <summary>
    /// Asserts that building <paramref name="type"/> fails, through both the model and the codec, with an
    /// <see cref="InvalidContractException"/> whose message names <paramref name="member"/> of its declaring
    /// type and contains each of <paramref name="expected"/> (field numbers, type names).
    /// </summary>
    private static InvalidContractException AssertInvalidMessage(Type type, Type? contractType, string member, params string[] expected)
    {
        var fromModel = Assert.ThrowsExactly<InvalidContractException>(() => ContractModel.GetMessage(type));
        var fromCodec = Assert.ThrowsExactly<InvalidContractException>(() => MessageCodec.Prepare(type));
        Assert.AreEqual(fromModel.Message, fromCodec.Message);

        var owner = contractType is { IsEnum: false } ? contractType : type;
        Assert.Contains($"{owner.FullName}.{member}", fromModel.Message);
        foreach (var text in expected)
        {
            Assert.Contains(text, fromModel.Message);
        }
        if (contractType is not null)
        {
            Assert.AreEqual(contractType, fromModel.ContractType, fromModel.Message);
            if (!contractType.IsEnum)
            {
                Assert.AreEqual(member, fromModel.MemberName, fromModel.Message);
            }
        }
        return fromModel;
    }
}
