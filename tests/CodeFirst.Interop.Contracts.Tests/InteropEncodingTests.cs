using CodeFirst.Grpc;
using Google.Protobuf;
using Reference = Grpc.Testing;

namespace CodeFirst.Interop.Contracts.Tests;

/// <summary>Our codec writes the interop messages byte for byte as protoc's C# does, and reads its bytes back.</summary>
[TestClass]
public sealed class InteropEncodingTests
{
    [TestMethod]
    public void Simple_request_with_every_field_matches_protoc()
    {
        var ours = new SimpleRequest
        {
            ResponseType = PayloadType.Compressable,
            ResponseSize = 314159,
            Payload = new Payload { Body = new byte[271828] },
            FillUsername = true,
            FillOAuthScope = true,
            ResponseCompressed = new BoolValue { Value = false },
            ResponseStatus = new EchoStatus { Code = 2, Message = "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \U0001F608\t\n" },
            ExpectCompressed = new BoolValue { Value = true },
            FillServerId = true,
            FillGrpclbRouteType = true,
            OrcaPerQueryReport = new TestOrcaReport
            {
                CpuUtilization = 0.5,
                MemoryUtilization = 0.25,
                RequestCost = { ["queue"] = 1.5 },
                Utilization = { ["util"] = 0.75 },
            },
        };
        var reference = new Reference.SimpleRequest
        {
            ResponseType = Reference.PayloadType.Compressable,
            ResponseSize = 314159,
            Payload = new Reference.Payload { Body = ByteString.CopyFrom(new byte[271828]) },
            FillUsername = true,
            FillOauthScope = true,
            ResponseCompressed = new Reference.BoolValue { Value = false },
            ResponseStatus = new Reference.EchoStatus { Code = 2, Message = ours.ResponseStatus.Message },
            ExpectCompressed = new Reference.BoolValue { Value = true },
            FillServerId = true,
            FillGrpclbRouteType = true,
            OrcaPerQueryReport = new Reference.TestOrcaReport
            {
                CpuUtilization = 0.5,
                MemoryUtilization = 0.25,
                RequestCost = { ["queue"] = 1.5 },
                Utilization = { ["util"] = 0.75 },
            },
        };

        CollectionAssert.AreEqual(reference.ToByteArray(), MessageCodec.ToByteArray(ours));
        var decoded = MessageCodec.Decode<SimpleRequest>(reference.ToByteArray());
        Assert.AreEqual(ours.ResponseStatus.Message, decoded.ResponseStatus!.Message);
        Assert.IsFalse(decoded.ResponseCompressed!.Value, "an explicitly false BoolValue is present, not absent");
        Assert.AreEqual(271828, decoded.Payload!.Body.Length);
        Assert.AreEqual(1.5, decoded.OrcaPerQueryReport!.RequestCost["queue"]);
    }

    [TestMethod]
    public void Streaming_messages_match_protoc()
    {
        var ours = new StreamingOutputCallRequest
        {
            ResponseParameters =
            [
                new ResponseParameters { Size = 31415, IntervalUs = 10, Compressed = new BoolValue { Value = true } },
                new ResponseParameters { Size = 9 },
            ],
            Payload = new Payload { Body = new byte[27182] },
            ResponseStatus = new EchoStatus { Code = 2, Message = "test status message" },
        };
        var reference = new Reference.StreamingOutputCallRequest
        {
            ResponseParameters =
            {
                new Reference.ResponseParameters { Size = 31415, IntervalUs = 10, Compressed = new Reference.BoolValue { Value = true } },
                new Reference.ResponseParameters { Size = 9 },
            },
            Payload = new Reference.Payload { Body = ByteString.CopyFrom(new byte[27182]) },
            ResponseStatus = new Reference.EchoStatus { Code = 2, Message = "test status message" },
        };

        CollectionAssert.AreEqual(reference.ToByteArray(), MessageCodec.ToByteArray(ours));
        CollectionAssert.AreEqual(
            new Reference.StreamingInputCallResponse { AggregatedPayloadSize = 74922 }.ToByteArray(),
            MessageCodec.ToByteArray(new StreamingInputCallResponse { AggregatedPayloadSize = 74922 }));
        CollectionAssert.AreEqual(
            new Reference.ReconnectInfo { Passed = true, BackoffMs = { 100, 200 } }.ToByteArray(),
            MessageCodec.ToByteArray(new ReconnectInfo { Passed = true, BackoffMs = [100, 200] }));
    }

    [TestMethod]
    public void Empty_is_zero_bytes()
    {
        Assert.AreEqual(0, MessageCodec.ToByteArray(new Empty()).Length);
    }
}
