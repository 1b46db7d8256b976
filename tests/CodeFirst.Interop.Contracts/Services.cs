using CodeFirst.Grpc;

// The services of upstream grpc's src/proto/grpc/testing/test.proto, as CodeFirst service contracts.
// Semantics: grpc's doc/interop-test-descriptions.md ("Server" section).
namespace CodeFirst.Interop.Contracts;

/// <summary>
/// <c>grpc.testing.TestService</c>: every combination of unary and streaming requests and responses.
/// </summary>
[GrpcService("grpc.testing.TestService"), ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public interface ITestService
{
    /// <summary>One empty request followed by one empty response.</summary>
    ValueTask<Empty> EmptyCallAsync(Empty request, CallContext context = default);

    /// <summary>One request followed by one response, as the request configures it.</summary>
    ValueTask<SimpleResponse> UnaryCallAsync(SimpleRequest request, CallContext context = default);

    /// <summary>As <see cref="UnaryCallAsync"/>, with cache-control headers so a caching proxy can answer repeats.</summary>
    ValueTask<SimpleResponse> CacheableUnaryCallAsync(SimpleRequest request, CallContext context = default);

    /// <summary>One request followed by one response per <see cref="StreamingOutputCallRequest.ResponseParameters"/> entry.</summary>
    IAsyncEnumerable<StreamingOutputCallResponse> StreamingOutputCallAsync(StreamingOutputCallRequest request, CallContext context = default);

    /// <summary>A stream of requests followed by one response with the aggregated payload size.</summary>
    ValueTask<StreamingInputCallResponse> StreamingInputCallAsync(IAsyncEnumerable<StreamingInputCallRequest> requests, CallContext context = default);

    /// <summary>Each request answered at once with its responses (full duplex).</summary>
    IAsyncEnumerable<StreamingOutputCallResponse> FullDuplexCallAsync(IAsyncEnumerable<StreamingOutputCallRequest> requests, CallContext context = default);

    /// <summary>All requests buffered until the client half-closes, then answered in order.</summary>
    IAsyncEnumerable<StreamingOutputCallResponse> HalfDuplexCallAsync(IAsyncEnumerable<StreamingOutputCallRequest> requests, CallContext context = default);

    /// <summary>Not implemented by test servers: calling it must fail with UNIMPLEMENTED.</summary>
    ValueTask<Empty> UnimplementedCallAsync(Empty request, CallContext context = default);
}

/// <summary><c>grpc.testing.UnimplementedService</c>: a service no test server implements.</summary>
[GrpcService("grpc.testing.UnimplementedService"), ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public interface IUnimplementedService
{
    /// <summary>A call no server implements: it must fail with UNIMPLEMENTED.</summary>
    ValueTask<Empty> UnimplementedCallAsync(Empty request, CallContext context = default);
}

/// <summary><c>grpc.testing.ReconnectService</c>: controls the reconnect test's server.</summary>
[GrpcService("grpc.testing.ReconnectService"), ProtoPackage(Interop.Package, FileName = Interop.ProtoFile)]
public interface IReconnectService
{
    /// <summary>Starts recording the client's reconnect attempts.</summary>
    ValueTask<Empty> StartAsync(ReconnectParams request, CallContext context = default);

    /// <summary>Stops recording and reports whether the backoffs followed the spec.</summary>
    ValueTask<ReconnectInfo> StopAsync(Empty request, CallContext context = default);
}
