namespace CodeFirst.Grpc.AspNetCore.Reflection.V1Alpha;

/// <summary>
/// The gRPC server reflection service, <c>grpc.reflection.v1alpha.ServerReflection</c> (upstream <c>grpc/reflection/v1alpha/reflection.proto</c>),
/// which grpcurl, Postman and other tools use to discover services. Map it with
/// <see cref="GrpcReflectionEndpointRouteBuilderExtensions.MapGrpcReflectionService"/>.
/// </summary>
[GrpcService("grpc.reflection.v1alpha.ServerReflection"), ProtoPackage(ReflectionProto.V1AlphaPackage, FileName = ReflectionProto.V1AlphaFileName)]
public interface IServerReflection
{
    /// <summary>Answers each request on the stream, in order, with one response.</summary>
    /// <param name="requests">The client's questions.</param>
    /// <param name="context">The call.</param>
    IAsyncEnumerable<ServerReflectionResponse> ServerReflectionInfoAsync(IAsyncEnumerable<ServerReflectionRequest> requests, CallContext context = default);
}
