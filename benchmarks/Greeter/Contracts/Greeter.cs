using System.Runtime.Serialization;
using CodeFirst.Grpc;

namespace CodeFirst.Greeter;

/// <summary>The request of grpc_bench's <c>helloworld.Greeter/SayHello</c>.</summary>
[DataContract, ProtoPackage(Helloworld.Package)]
public sealed class HelloRequest
{
    /// <summary>Who to greet.</summary>
    [DataMember(Order = 1)] public string Name { get; set; } = "";
}

/// <summary>The reply of <c>helloworld.Greeter/SayHello</c>: <c>"Hello " + name</c>.</summary>
[DataContract, ProtoPackage(Helloworld.Package)]
public sealed class HelloReply
{
    /// <summary>The greeting.</summary>
    [DataMember(Order = 1)] public string Message { get; set; } = "";
}

/// <summary>A request for <see cref="HelloStreamRequest.Count"/> greetings on one stream.</summary>
[DataContract, ProtoPackage(Helloworld.Package)]
public sealed class HelloStreamRequest
{
    /// <summary>Who to greet.</summary>
    [DataMember(Order = 1)] public string Name { get; set; } = "";

    /// <summary>How many replies the stream carries.</summary>
    [DataMember(Order = 2)] public int Count { get; set; }
}

/// <summary>grpc_bench's service, exactly: one unary method.</summary>
[GrpcService("helloworld.Greeter"), ProtoPackage(Helloworld.Package)]
public interface IGreeter
{
    /// <summary>Answers <c>"Hello " + name</c>.</summary>
    ValueTask<HelloReply> SayHelloAsync(HelloRequest request, CallContext context = default);
}

/// <summary>The streaming shapes, kept out of <see cref="IGreeter"/> so that service stays grpc_bench's.</summary>
[GrpcService("helloworld.StreamingGreeter"), ProtoPackage(Helloworld.Package)]
public interface IStreamingGreeter
{
    /// <summary>Server streaming: <see cref="HelloStreamRequest.Count"/> replies of <c>"Hello " + name</c>.</summary>
    IAsyncEnumerable<HelloReply> SayHelloStreamAsync(HelloStreamRequest request, CallContext context = default);

    /// <summary>Duplex: one reply for each request, as it arrives.</summary>
    IAsyncEnumerable<HelloReply> SayHelloEachAsync(IAsyncEnumerable<HelloRequest> requests, CallContext context = default);
}

/// <summary>Names shared by the contract and the benchmark harness.</summary>
public static class Helloworld
{
    /// <summary>The protobuf package of every type here.</summary>
    public const string Package = "helloworld";

    /// <summary>The path of the unary method, as h2load requests it.</summary>
    public const string SayHelloPath = "/helloworld.Greeter/SayHello";

    /// <summary>The greeting for <paramref name="name"/>, as every server answers it.</summary>
    public static string Greeting(string name) => "Hello " + name;
}
