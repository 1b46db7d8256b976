// The service and interceptor shown in docs/server.md, compiled and run by DocsExampleTests.
using System.Runtime.Serialization;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Grpc.AspNetCore.Tests.Docs
{
    using CodeFirst.Grpc.ErrorDetails;

    [DataContract, ProtoPackage("docs.v1")]
    public sealed class HelloRequest
    {
        [DataMember(Order = 1)] public string Name { get; set; } = "";
    }

    [DataContract, ProtoPackage("docs.v1")]
    public sealed class HelloReply
    {
        [DataMember(Order = 1)] public string Message { get; set; } = "";
    }

    [GrpcService("docs.v1.Greeter")]
    public interface IGreeter
    {
        ValueTask<HelloReply> SayHelloAsync(HelloRequest request, CallContext context = default);
    }

    public sealed class GreeterService : IGreeter
    {
        public async ValueTask<HelloReply> SayHelloAsync(HelloRequest request, CallContext context = default)
        {
            if (request.Name == "missing")
            {
                var id = request.Name;
                throw new RpcException(StatusCode.NotFound, $"order {id} not found",
                    [new ErrorInfo { Reason = "ORDER_NOT_FOUND", Domain = "order.v1", Metadata = { ["order_id"] = id } }]);
            }
            var tenant = context.RequestHeaders.GetValue("tenant");                     // ASCII header
            var trace = context.RequestHeaders.GetValueBytes("trace-bin");              // -bin: base64 on the wire
            await context.ServerCallContext!.WriteResponseHeadersAsync(new Metadata { { "served-by", "eu-1" } });
            context.ResponseTrailers.Add("cost-bin", trace ?? new byte[] { 1, 2 });
            await Task.Delay(10, context.CancellationToken);                           // fires on deadline or cancel
            return new HelloReply { Message = $"Hello {request.Name} from {tenant}" };
        }
    }

    public sealed class LoggingInterceptor(ILogger<LoggingInterceptor> logger) : ServerInterceptor
    {
        public override async ValueTask<TResponse> UnaryAsync<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> next)
        {
            try
            {
                return await next(request, context);
            }
            catch (RpcException e)
            {
                logger.LogWarning("{Method} failed: {Status}", context.Method, e.StatusCode);
                throw;
            }
        }
    }
}
