using V1 = CodeFirst.Grpc.AspNetCore.Reflection.V1;
using V1Alpha = CodeFirst.Grpc.AspNetCore.Reflection.V1Alpha;

namespace CodeFirst.Grpc.AspNetCore.Reflection;

/// <summary>Moves reflection messages between the two packages; their fields are the same, one for one.</summary>
internal static class V1AlphaAdapter
{
    public static V1.ServerReflectionRequest ToV1(V1Alpha.ServerReflectionRequest request) => new()
    {
        Host = request.Host,
        FileByFilename = request.FileByFilename,
        FileContainingSymbol = request.FileContainingSymbol,
        FileContainingExtension = request.FileContainingExtension is { } extension
            ? new V1.ExtensionRequest { ContainingType = extension.ContainingType, ExtensionNumber = extension.ExtensionNumber }
            : null,
        AllExtensionNumbersOfType = request.AllExtensionNumbersOfType,
        ListServices = request.ListServices,
    };

    public static V1Alpha.ServerReflectionResponse ToV1Alpha(V1.ServerReflectionResponse response, V1Alpha.ServerReflectionRequest originalRequest) => new()
    {
        ValidHost = response.ValidHost,
        OriginalRequest = originalRequest,
        FileDescriptorResponse = response.FileDescriptorResponse is { } files
            ? new V1Alpha.FileDescriptorResponse { FileDescriptorProto = files.FileDescriptorProto }
            : null,
        AllExtensionNumbersResponse = response.AllExtensionNumbersResponse is { } numbers
            ? new V1Alpha.ExtensionNumberResponse { BaseTypeName = numbers.BaseTypeName, ExtensionNumber = numbers.ExtensionNumber }
            : null,
        ListServicesResponse = response.ListServicesResponse is { } list
            ? new V1Alpha.ListServiceResponse { Service = list.Service.Select(s => new V1Alpha.ServiceResponse { Name = s.Name }).ToList() }
            : null,
        ErrorResponse = response.ErrorResponse is { } error
            ? new V1Alpha.ErrorResponse { ErrorCode = error.ErrorCode, ErrorMessage = error.ErrorMessage }
            : null,
    };
}
