using System.Reflection;

namespace CodeFirst.Grpc.Contracts;

/// <summary>One RPC of a service: a method of the service interface.</summary>
public sealed class MethodContract
{
    internal MethodContract(ServiceContract service, MethodInfo method, string name, MethodShape shape, ContextForm context, Type requestType, Type responseType)
    {
        Service = service;
        Method = method;
        Name = name;
        Shape = shape;
        Context = context;
        RequestType = requestType;
        ResponseType = responseType;
        Path = "/" + service.FullName + "/" + name;
    }

    /// <summary>The service the method belongs to.</summary>
    public ServiceContract Service { get; }

    /// <summary>The interface method.</summary>
    public MethodInfo Method { get; }

    /// <summary>The wire name (<see cref="GrpcOperationAttribute"/>, or the C# name without a trailing <c>Async</c>).</summary>
    public string Name { get; }

    /// <summary>The HTTP/2 path, <c>/package.Service/Method</c>.</summary>
    public string Path { get; }

    /// <summary>The signature's shape and call type.</summary>
    public MethodShape Shape { get; }

    /// <summary>The call type.</summary>
    public MethodType Type => Shape.Type;

    /// <summary>What the method takes after its request.</summary>
    public ContextForm Context { get; }

    /// <summary>The request message type (the element type for streams).</summary>
    public Type RequestType { get; }

    /// <summary>The response message type (the element type for streams).</summary>
    public Type ResponseType { get; }

    /// <summary>The request message contract.</summary>
    public MessageContract Request => ContractModel.GetMessage(RequestType);

    /// <summary>The response message contract.</summary>
    public MessageContract Response => ContractModel.GetMessage(ResponseType);

    /// <inheritdoc />
    public override string ToString() => Path;
}
