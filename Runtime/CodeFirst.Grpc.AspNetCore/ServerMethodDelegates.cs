namespace CodeFirst.Grpc.AspNetCore;

/// <summary>The rest of the pipeline for a unary call: the next interceptor, or the service method.</summary>
public delegate ValueTask<TResponse> UnaryServerMethod<TRequest, TResponse>(TRequest request, ServerCallContext context);

/// <summary>The rest of the pipeline for a server-streaming call.</summary>
public delegate IAsyncEnumerable<TResponse> ServerStreamingServerMethod<TRequest, TResponse>(TRequest request, ServerCallContext context);

/// <summary>The rest of the pipeline for a client-streaming call.</summary>
public delegate ValueTask<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ServerCallContext context);

/// <summary>The rest of the pipeline for a duplex-streaming call.</summary>
public delegate IAsyncEnumerable<TResponse> DuplexStreamingServerMethod<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ServerCallContext context);
