namespace CodeFirst.Grpc.AspNetCore.Reflection.V1;

/// <summary>
/// The gRPC server reflection service, <c>grpc.reflection.v1.ServerReflection</c> (upstream <c>grpc/reflection/v1/reflection.proto</c>),
/// which grpcurl, Postman and other tools use to discover services. Map it with
/// <see cref="GrpcReflectionEndpointRouteBuilderExtensions.MapGrpcReflectionService"/>.
/// </summary>
[GrpcService("grpc.reflection.v1.ServerReflection"), ProtoPackage(ReflectionProto.V1Package, FileName = ReflectionProto.V1FileName)]
public interface IServerReflection
{
    /// <summary>Answers each request on the stream, in order, with one response.</summary>
    /// <param name="requests">The client's questions.</param>
    /// <param name="context">The call.</param>
    IAsyncEnumerable<ServerReflectionResponse> ServerReflectionInfoAsync(IAsyncEnumerable<ServerReflectionRequest> requests, CallContext context = default);
}
