using CodeFirst.Grpc;
using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Interop.Contracts;

namespace CodeFirst.Interop.Tests;

/// <summary>
/// <c>grpc.testing.TestService</c> with the server semantics of grpc's doc/interop-test-descriptions.md
/// ("Server"), as the reference server tests/Interop/python/server.py implements them: payloads of
/// COMPRESSABLE zeros, Echo Status, Echo Metadata, <c>interval_us</c>, CompressedRequest and
/// CompressedResponse. <c>UnimplementedCall</c> fails with UNIMPLEMENTED, and
/// <c>grpc.testing.UnimplementedService</c> is not mapped at all.
/// </summary>
public sealed class InteropTestService : ITestService
{
    public const string EchoInitialHeader = "x-grpc-test-echo-initial";
    public const string EchoTrailingHeader = "x-grpc-test-echo-trailing-bin";
    public const string ServerId = "codefirst-dotnet";
    private const string Gzip = "gzip";

    public async ValueTask<Empty> EmptyCallAsync(Empty request, CallContext context = default)
    {
        await EchoMetadataAsync(context);
        return new Empty();
    }

    public async ValueTask<SimpleResponse> UnaryCallAsync(SimpleRequest request, CallContext context = default)
    {
        // Before the echoed headers go out: compression is chosen before the response starts.
        if (request.ResponseCompressed is { } compressed)
        {
            ServerCall(context).ResponseCompression = compressed.Value ? Gzip : null;
        }
        await EchoMetadataAsync(context);
        CheckCompression(request.ExpectCompressed, context);
        EchoStatus(request.ResponseStatus);
        var response = new SimpleResponse { Payload = NewPayload(request.ResponseType, request.ResponseSize) };
        if (request.FillServerId)
        {
            response.ServerId = ServerId;
        }
        if (request.FillGrpclbRouteType)
        {
            response.GrpclbRouteType = GrpclbRouteType.Unknown;
        }
        return response;
    }

    public async ValueTask<SimpleResponse> CacheableUnaryCallAsync(SimpleRequest request, CallContext context = default)
    {
        var headers = new Metadata { { "cache-control", "max-age=60, public" } };
        if (context.RequestHeaders.Get(EchoInitialHeader) is { } initial)
        {
            headers.Add(EchoInitialHeader, initial.Value);
        }
        EchoTrailer(context);
        await ServerCall(context).WriteResponseHeadersAsync(headers);
        var now = System.Text.Encoding.ASCII.GetBytes(DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new SimpleResponse { Payload = new Payload { Type = PayloadType.Compressable, Body = now } };
    }

    public async IAsyncEnumerable<StreamingOutputCallResponse> StreamingOutputCallAsync(StreamingOutputCallRequest request, CallContext context = default)
    {
        ChooseStreamCompression(request, context);
        await EchoMetadataAsync(context);
        EchoStatus(request.ResponseStatus);
        await foreach (var response in RespondAsync(request, context))
        {
            yield return response;
        }
    }

    public async ValueTask<StreamingInputCallResponse> StreamingInputCallAsync(IAsyncEnumerable<StreamingInputCallRequest> requests, CallContext context = default)
    {
        await EchoMetadataAsync(context);
        var total = 0;
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            CheckCompression(request.ExpectCompressed, context);
            total += request.Payload?.Body.Length ?? 0;
        }
        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public async IAsyncEnumerable<StreamingOutputCallResponse> FullDuplexCallAsync(IAsyncEnumerable<StreamingOutputCallRequest> requests, CallContext context = default)
    {
        await EchoMetadataAsync(context);
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            EchoStatus(request.ResponseStatus);
            await foreach (var response in RespondAsync(request, context))
            {
                yield return response;
            }
        }
    }

    public async IAsyncEnumerable<StreamingOutputCallResponse> HalfDuplexCallAsync(IAsyncEnumerable<StreamingOutputCallRequest> requests, CallContext context = default)
    {
        await EchoMetadataAsync(context);
        var buffered = new List<StreamingOutputCallRequest>();
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            buffered.Add(request);
        }
        foreach (var request in buffered)
        {
            EchoStatus(request.ResponseStatus);
            await foreach (var response in RespondAsync(request, context))
            {
                yield return response;
            }
        }
    }

    public ValueTask<Empty> UnimplementedCallAsync(Empty request, CallContext context = default) =>
        throw new RpcException(StatusCode.Unimplemented, "grpc.testing.TestService/UnimplementedCall is not implemented.");

    /// <summary>One response per <c>response_parameters</c> entry, each after its <c>interval_us</c>.</summary>
    private static async IAsyncEnumerable<StreamingOutputCallResponse> RespondAsync(StreamingOutputCallRequest request, CallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }
            yield return new StreamingOutputCallResponse { Payload = NewPayload(request.ResponseType, parameters.Size) };
        }
    }

    private static Payload NewPayload(PayloadType type, int size)
    {
        if (type != PayloadType.Compressable)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"Response type {type} is not supported.");
        }
        if (size < 0)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"Response size {size} is negative.");
        }
        return new Payload { Type = PayloadType.Compressable, Body = new byte[size] };
    }

    /// <summary>Echo Metadata: the initial value back as a response header, the trailing one as a trailer.</summary>
    private static async Task EchoMetadataAsync(CallContext context)
    {
        EchoTrailer(context);
        if (context.RequestHeaders.Get(EchoInitialHeader) is { } initial)
        {
            await ServerCall(context).WriteResponseHeadersAsync(new Metadata { { EchoInitialHeader, initial.Value } });
        }
    }

    private static void EchoTrailer(CallContext context)
    {
        if (context.RequestHeaders.Get(EchoTrailingHeader) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingHeader, trailing.ValueBytes);
        }
    }

    /// <summary>Echo Status: ends the call with the requested status when it is set and not OK.</summary>
    private static void EchoStatus(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException((StatusCode)status.Code, status.Message);
        }
    }

    /// <summary>
    /// CompressedRequest: a request that expects to have been compressed must have come with
    /// <c>grpc-encoding: gzip</c> (the runtime decompresses before the service sees the message, so the
    /// request's encoding is what tells). The client's feature probe relies on INVALID_ARGUMENT here.
    /// </summary>
    private static void CheckCompression(BoolValue? expectCompressed, CallContext context)
    {
        if (expectCompressed is not { Value: true })
        {
            return;
        }
        string? encoding = context.GetHttpContext().Request.Headers["grpc-encoding"];
        if (!string.Equals(encoding, Gzip, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(StatusCode.InvalidArgument, "Expected compressed request but got uncompressed request from client.");
        }
    }

    /// <summary>
    /// CompressedResponse for streams: the runtime compresses per call, so any response asked to be
    /// compressed turns gzip on for the call (possible only before the response has started).
    /// </summary>
    private static void ChooseStreamCompression(StreamingOutputCallRequest request, CallContext context)
    {
        if (request.ResponseParameters.Any(p => p.Compressed is { Value: true }) && !context.GetHttpContext().Response.HasStarted)
        {
            ServerCall(context).ResponseCompression = Gzip;
        }
    }

    private static ServerCallContext ServerCall(CallContext context) =>
        context.ServerCallContext ?? throw new InvalidOperationException("Not a server call.");
}
