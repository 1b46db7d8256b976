namespace CodeFirst.Grpc.Client;

/// <summary>The rest of the pipeline for a unary call: the next interceptor, or the call itself.</summary>
public delegate ValueTask<TResponse> UnaryClientMethod<TRequest, TResponse>(TRequest request, ClientCallContext context);

/// <summary>The rest of the pipeline for a server-streaming call.</summary>
public delegate IAsyncEnumerable<TResponse> ServerStreamingClientMethod<TRequest, TResponse>(TRequest request, ClientCallContext context);

/// <summary>The rest of the pipeline for a client-streaming call.</summary>
public delegate ValueTask<TResponse> ClientStreamingClientMethod<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ClientCallContext context);

/// <summary>The rest of the pipeline for a duplex-streaming call.</summary>
public delegate IAsyncEnumerable<TResponse> DuplexStreamingClientMethod<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, ClientCallContext context);
