using System.Runtime.Serialization;
using CodeFirst.Grpc;

// The messages of upstream grpc's src/proto/grpc/testing/empty.proto and messages.proto that the
// TestService, UnimplementedService and ReconnectService use. Field numbers, names and types are
// upstream's; every name is spelled out with [DataMember(Name = ...)] so that renaming a C# member
// cannot change the wire contract.
namespace CodeFirst.Interop.Contracts;

/// <summary>An empty message (<c>grpc.testing.Empty</c>, upstream empty.proto).</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class Empty
{
}

/// <summary>A wrapped bool that can be absent (upstream's stand-in for <c>google.protobuf.BoolValue</c>).</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class BoolValue
{
    /// <summary>The bool value.</summary>
    [DataMember(Order = 1, Name = "value")] public bool Value { get; set; }
}

/// <summary>The type of payload that should be returned.</summary>
[ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public enum PayloadType
{
    /// <summary>Compressable text format.</summary>
    [EnumMember(Value = "COMPRESSABLE")] Compressable = 0,
}

/// <summary>A block of data, to increase a gRPC message's size.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class Payload
{
    /// <summary>The type of data in <see cref="Body"/>.</summary>
    [DataMember(Order = 1, Name = "type")] public PayloadType Type { get; set; }

    /// <summary>The contents.</summary>
    [DataMember(Order = 2, Name = "body")] public byte[] Body { get; set; } = [];
}

/// <summary>A status the client asks the server to return.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class EchoStatus
{
    /// <summary>The status code.</summary>
    [DataMember(Order = 1, Name = "code")] public int Code { get; set; }

    /// <summary>The status message.</summary>
    [DataMember(Order = 2, Name = "message")] public string Message { get; set; } = "";
}

/// <summary>The route a client took to reach a server with respect to gRPCLB.</summary>
[ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public enum GrpclbRouteType
{
    /// <summary>The server did not detect the route.</summary>
    [EnumMember(Value = "GRPCLB_ROUTE_TYPE_UNKNOWN")] Unknown = 0,

    /// <summary>The client reached the server via gRPCLB fallback.</summary>
    [EnumMember(Value = "GRPCLB_ROUTE_TYPE_FALLBACK")] Fallback = 1,

    /// <summary>The client reached the server as a gRPCLB-given backend.</summary>
    [EnumMember(Value = "GRPCLB_ROUTE_TYPE_BACKEND")] Backend = 2,
}

/// <summary>Metrics data a server records for the ORCA tests (upstream's mirror of the ORCA load report).</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class TestOrcaReport
{
    [DataMember(Order = 1, Name = "cpu_utilization")] public double CpuUtilization { get; set; }
    [DataMember(Order = 2, Name = "memory_utilization")] public double MemoryUtilization { get; set; }
    [DataMember(Order = 3, Name = "request_cost")] public Dictionary<string, double> RequestCost { get; set; } = [];
    [DataMember(Order = 4, Name = "utilization")] public Dictionary<string, double> Utilization { get; set; } = [];
}

/// <summary>Unary request.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class SimpleRequest
{
    /// <summary>Desired payload type in the response.</summary>
    [DataMember(Order = 1, Name = "response_type")] public PayloadType ResponseType { get; set; }

    /// <summary>Desired payload size in the response.</summary>
    [DataMember(Order = 2, Name = "response_size")] public int ResponseSize { get; set; }

    /// <summary>Optional input payload.</summary>
    [DataMember(Order = 3, Name = "payload")] public Payload? Payload { get; set; }

    /// <summary>Whether the response should include the username.</summary>
    [DataMember(Order = 4, Name = "fill_username")] public bool FillUsername { get; set; }

    /// <summary>Whether the response should include the OAuth scope.</summary>
    [DataMember(Order = 5, Name = "fill_oauth_scope")] public bool FillOAuthScope { get; set; }

    /// <summary>Whether the server should compress the response (absent: no preference).</summary>
    [DataMember(Order = 6, Name = "response_compressed")] public BoolValue? ResponseCompressed { get; set; }

    /// <summary>A status the server should return instead of a response.</summary>
    [DataMember(Order = 7, Name = "response_status")] public EchoStatus? ResponseStatus { get; set; }

    /// <summary>Whether the server should expect this request to be compressed (absent: no expectation).</summary>
    [DataMember(Order = 8, Name = "expect_compressed")] public BoolValue? ExpectCompressed { get; set; }

    /// <summary>Whether the response should include the server id.</summary>
    [DataMember(Order = 9, Name = "fill_server_id")] public bool FillServerId { get; set; }

    /// <summary>Whether the response should include the gRPCLB route type.</summary>
    [DataMember(Order = 10, Name = "fill_grpclb_route_type")] public bool FillGrpclbRouteType { get; set; }

    /// <summary>Metrics the server should record for this call.</summary>
    [DataMember(Order = 11, Name = "orca_per_query_report")] public TestOrcaReport? OrcaPerQueryReport { get; set; }
}

/// <summary>Unary response, as configured by the request.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class SimpleResponse
{
    [DataMember(Order = 1, Name = "payload")] public Payload? Payload { get; set; }
    [DataMember(Order = 2, Name = "username")] public string Username { get; set; } = "";
    [DataMember(Order = 3, Name = "oauth_scope")] public string OAuthScope { get; set; } = "";
    [DataMember(Order = 4, Name = "server_id")] public string ServerId { get; set; } = "";
    [DataMember(Order = 5, Name = "grpclb_route_type")] public GrpclbRouteType GrpclbRouteType { get; set; }
    [DataMember(Order = 6, Name = "hostname")] public string Hostname { get; set; } = "";
}

/// <summary>Client-streaming request.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class StreamingInputCallRequest
{
    [DataMember(Order = 1, Name = "payload")] public Payload? Payload { get; set; }

    /// <summary>Whether the server should expect this request to be compressed (absent: no expectation).</summary>
    [DataMember(Order = 2, Name = "expect_compressed")] public BoolValue? ExpectCompressed { get; set; }
}

/// <summary>Client-streaming response.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class StreamingInputCallResponse
{
    /// <summary>Sum of the sizes of the payload bodies received.</summary>
    [DataMember(Order = 1, Name = "aggregated_payload_size")] public int AggregatedPayloadSize { get; set; }
}

/// <summary>Configuration for one streamed response.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class ResponseParameters
{
    /// <summary>Desired payload size.</summary>
    [DataMember(Order = 1, Name = "size")] public int Size { get; set; }

    /// <summary>Delay before this response, in microseconds.</summary>
    [DataMember(Order = 2, Name = "interval_us")] public int IntervalUs { get; set; }

    /// <summary>Whether to compress this response (absent: no preference).</summary>
    [DataMember(Order = 3, Name = "compressed")] public BoolValue? Compressed { get; set; }
}

/// <summary>Server-streaming (and duplex) request.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class StreamingOutputCallRequest
{
    [DataMember(Order = 1, Name = "response_type")] public PayloadType ResponseType { get; set; }

    /// <summary>One entry per response the server should send.</summary>
    [DataMember(Order = 2, Name = "response_parameters")] public List<ResponseParameters> ResponseParameters { get; set; } = [];

    [DataMember(Order = 3, Name = "payload")] public Payload? Payload { get; set; }

    /// <summary>A status the server should end the call with.</summary>
    [DataMember(Order = 7, Name = "response_status")] public EchoStatus? ResponseStatus { get; set; }

    /// <summary>Metrics the server should report out of band.</summary>
    [DataMember(Order = 8, Name = "orca_oob_report")] public TestOrcaReport? OrcaOobReport { get; set; }
}

/// <summary>Server-streaming (and duplex) response.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class StreamingOutputCallResponse
{
    [DataMember(Order = 1, Name = "payload")] public Payload? Payload { get; set; }
}

/// <summary>Reconnect test: the reconnection parameters the client used.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class ReconnectParams
{
    [DataMember(Order = 1, Name = "max_reconnect_backoff_ms")] public int MaxReconnectBackoffMs { get; set; }
}

/// <summary>Reconnect test: whether the client's reconnects followed the spec, and the backoffs seen.</summary>
[DataContract, ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public sealed class ReconnectInfo
{
    [DataMember(Order = 1, Name = "passed")] public bool Passed { get; set; }
    [DataMember(Order = 2, Name = "backoff_ms")] public List<int> BackoffMs { get; set; } = [];
}
