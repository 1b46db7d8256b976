using CodeFirst.Grpc.AspNetCore.Internal;
using V1 = CodeFirst.Grpc.AspNetCore.Reflection.V1;
using V1Alpha = CodeFirst.Grpc.AspNetCore.Reflection.V1Alpha;

namespace CodeFirst.Grpc.AspNetCore.Reflection;

/// <summary>
/// Server reflection, <c>grpc.reflection.v1</c> and <c>grpc.reflection.v1alpha</c> (the same protocol in two packages),
/// answered from a <see cref="ReflectionIndex"/> of the services mapped on this server, as grpc-go answers.
/// </summary>
/// <remarks>A singleton (<c>AddCodeFirstGrpc</c> registers it), so the index is built once, on the first request.</remarks>
internal sealed class ServerReflectionService(GrpcServiceRegistry registry) : V1.IServerReflection, V1Alpha.IServerReflection
{
    private volatile ReflectionIndex? _index;

    public async IAsyncEnumerable<V1.ServerReflectionResponse> ServerReflectionInfoAsync(IAsyncEnumerable<V1.ServerReflectionRequest> requests, CallContext context = default)
    {
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            yield return Answer(request);
        }
    }

    async IAsyncEnumerable<V1Alpha.ServerReflectionResponse> V1Alpha.IServerReflection.ServerReflectionInfoAsync(IAsyncEnumerable<V1Alpha.ServerReflectionRequest> requests, CallContext context)
    {
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            yield return V1AlphaAdapter.ToV1Alpha(Answer(V1AlphaAdapter.ToV1(request)), request);
        }
    }

    private V1.ServerReflectionResponse Answer(V1.ServerReflectionRequest request)
    {
        var index = Index();
        var response = new V1.ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        if (request.FileByFilename is { } fileName)
        {
            SetFiles(response, index.FileWithDependencies(fileName), $"File not found: {fileName}");
        }
        else if (request.FileContainingSymbol is { } symbol)
        {
            SetFiles(response, index.FileContaining(symbol) is { } file ? index.FileWithDependencies(file) : null, $"Symbol not found: {symbol}");
        }
        else if (request.FileContainingExtension is { } extension)
        {
            // Proto3 contracts declare no extensions.
            response.ErrorResponse = Error(StatusCode.NotFound, $"Extension not found: {extension.ContainingType} has no extension {extension.ExtensionNumber}");
        }
        else if (request.AllExtensionNumbersOfType is { } typeName)
        {
            // As grpc-go: a known message type has no extension numbers; an unknown name is NOT_FOUND.
            if (index.IsMessage(typeName))
            {
                response.AllExtensionNumbersResponse = new V1.ExtensionNumberResponse { BaseTypeName = typeName };
            }
            else
            {
                response.ErrorResponse = Error(StatusCode.NotFound, $"Type not found: {typeName}");
            }
        }
        else if (request.ListServices is not null)
        {
            response.ListServicesResponse = new V1.ListServiceResponse
            {
                Service = index.ServiceNames.Select(name => new V1.ServiceResponse { Name = name }).ToList(),
            };
        }
        else
        {
            // As grpc-go: a request that asks nothing ends the stream.
            throw new RpcException(StatusCode.InvalidArgument, "The reflection request sets none of file_by_filename, file_containing_symbol, file_containing_extension, all_extension_numbers_of_type or list_services.");
        }
        return response;
    }

    private ReflectionIndex Index()
    {
        // Services mapped after the first request (reflection mapped first, say) rebuild it.
        if (_index is { } index && index.ServiceNames.Count == registry.Count)
        {
            return index;
        }
        try
        {
            return _index = new ReflectionIndex(registry.Services.ToList());
        }
        catch (InvalidContractException e)
        {
            throw new RpcException(StatusCode.Internal, $"Server reflection cannot describe the mapped services: {e.Message}");
        }
    }

    private static void SetFiles(V1.ServerReflectionResponse response, List<byte[]>? files, string notFound)
    {
        if (files is null)
        {
            response.ErrorResponse = Error(StatusCode.NotFound, notFound);
        }
        else
        {
            response.FileDescriptorResponse = new V1.FileDescriptorResponse { FileDescriptorProto = files };
        }
    }

    private static V1.ErrorResponse Error(StatusCode code, string message) => new() { ErrorCode = (int)code, ErrorMessage = message };
}
