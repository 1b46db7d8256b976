using CodeFirst.Grpc;
using CodeFirst.Grpc.Client;
using CodeFirst.Interop.Contracts;

namespace CodeFirst.Interop.Tests;

/// <summary>
/// The client side of grpc's interop test cases (doc/interop-test-descriptions.md), written with the code-first
/// client runtime: a channel, a proxy of <see cref="ITestService"/>, and the case's checks. It runs against any
/// interop server: grpc-go's, or ours.
/// </summary>
internal sealed class DotNetInteropClient(Uri server)
{
    private const string EchoInitial = "x-grpc-test-echo-initial";
    private const string EchoTrailing = "x-grpc-test-echo-trailing-bin";
    private const string InitialValue = "test_initial_metadata_value";
    private const string SpecialMessage = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n";
    private static readonly byte[] TrailingValue = [0xab, 0xab, 0xab];

    /// <summary>Every call that is not about deadlines gets one, so a hung server fails the case instead of the run.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public async Task RunAsync(string testCase)
    {
        using var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { DefaultTimeout = CallTimeout });
        var client = channel.CreateGrpcService<ITestService>();
        switch (testCase)
        {
            case "empty_unary":
                Assert.IsNotNull(await client.EmptyCallAsync(new Empty()));
                break;
            case "large_unary":
                await LargeUnaryAsync(client, compression: null);
                break;
            case "client_streaming":
                var aggregate = await client.StreamingInputCallAsync(Stream(27182, 8, 1828, 45904).Select(size => new StreamingInputCallRequest { Payload = Zeros(size) }));
                Assert.AreEqual(74922, aggregate.AggregatedPayloadSize);
                break;
            case "server_streaming":
                var sizes = await client.StreamingOutputCallAsync(OutputRequest(31415, 9, 2653, 58979)).Select(r => r.Payload!.Body.Length).ToListAsync();
                CollectionAssert.AreEqual(new[] { 31415, 9, 2653, 58979 }, sizes);
                break;
            case "ping_pong":
                await PingPongAsync(client);
                break;
            case "empty_stream":
                Assert.AreEqual(0, await client.FullDuplexCallAsync(Stream<StreamingOutputCallRequest>()).CountAsync());
                break;
            case "timeout_on_sleeping_server":
                await TimeoutOnSleepingServerAsync(client);
                break;
            case "cancel_after_begin":
                await CancelAfterBeginAsync(client);
                break;
            case "cancel_after_first_response":
                await CancelAfterFirstResponseAsync(client);
                break;
            case "custom_metadata":
                await CustomMetadataAsync(client);
                break;
            case "status_code_and_message":
                await StatusAsync(client, "test status message");
                break;
            case "special_status_message":
                await StatusAsync(client, SpecialMessage);
                break;
            case "unimplemented_method":
                var method = await Assert.ThrowsExactlyAsync<RpcException>(() => client.UnimplementedCallAsync(new Empty()).AsTask());
                Assert.AreEqual(StatusCode.Unimplemented, method.StatusCode);
                break;
            case "unimplemented_service":
                var service = await Assert.ThrowsExactlyAsync<RpcException>(() =>
                    channel.CreateGrpcService<IUnimplementedService>().UnimplementedCallAsync(new Empty()).AsTask());
                Assert.AreEqual(StatusCode.Unimplemented, service.StatusCode);
                break;
            case "client_compressed_unary":
                await ClientCompressedUnaryAsync(client);
                break;
            case "server_compressed_unary":
                foreach (var compressed in new[] { true, false })
                {
                    var response = await client.UnaryCallAsync(new SimpleRequest
                    {
                        ResponseSize = 314159, Payload = Zeros(271828), ResponseCompressed = new BoolValue { Value = compressed },
                    });
                    Assert.AreEqual(314159, response.Payload!.Body.Length);
                }
                break;
            default:
                Assert.Fail($"Unknown test case {testCase}.");
                break;
        }
    }

    private static async Task LargeUnaryAsync(ITestService client, string? compression)
    {
        var response = await client.UnaryCallAsync(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) },
            new CallOptions { Compression = compression });
        Assert.AreEqual(314159, response.Payload!.Body.Length);
        Assert.IsTrue(response.Payload.Body.All(b => b == 0));
    }

    private static async Task PingPongAsync(ITestService client)
    {
        int[] requestSizes = [27182, 8, 1828, 45904];
        int[] responseSizes = [31415, 9, 2653, 58979];
        var next = new SemaphoreSlim(0);
        async IAsyncEnumerable<StreamingOutputCallRequest> Requests()
        {
            for (var i = 0; i < requestSizes.Length; i++)
            {
                if (i > 0)
                {
                    // Each ping goes out only after the previous pong arrived.
                    await next.WaitAsync();
                }
                yield return new StreamingOutputCallRequest
                {
                    ResponseParameters = { new ResponseParameters { Size = responseSizes[i] } },
                    Payload = Zeros(requestSizes[i]),
                };
            }
        }
        var received = new List<int>();
        await foreach (var response in client.FullDuplexCallAsync(Requests()))
        {
            received.Add(response.Payload!.Body.Length);
            next.Release();
        }
        CollectionAssert.AreEqual(responseSizes, received);
    }

    private static async Task TimeoutOnSleepingServerAsync(ITestService client)
    {
        var error = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
        {
            var options = new CallOptions { Deadline = DateTime.UtcNow.AddMilliseconds(1) };
            await foreach (var _ in client.FullDuplexCallAsync(Forever(new StreamingOutputCallRequest { Payload = Zeros(27182) }), options))
            {
            }
        });
        Assert.AreEqual(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    private static async Task CancelAfterBeginAsync(ITestService client)
    {
        using var cancellation = new CancellationTokenSource();
        var call = client.StreamingInputCallAsync(Forever<StreamingInputCallRequest>(null), new CallOptions { CancellationToken = cancellation.Token });
        cancellation.Cancel();
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => call.AsTask());
        Assert.AreEqual(StatusCode.Cancelled, error.StatusCode);
    }

    private static async Task CancelAfterFirstResponseAsync(ITestService client)
    {
        using var cancellation = new CancellationTokenSource();
        var error = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
        {
            var request = new StreamingOutputCallRequest { ResponseParameters = { new ResponseParameters { Size = 31415 } }, Payload = Zeros(27182) };
            await foreach (var _ in client.FullDuplexCallAsync(Forever(request), new CallOptions { CancellationToken = cancellation.Token }))
            {
                cancellation.Cancel();
            }
        });
        Assert.AreEqual(StatusCode.Cancelled, error.StatusCode);
    }

    private static async Task CustomMetadataAsync(ITestService client)
    {
        CallContext Context() => new(new CallOptions { Headers = new Metadata { { EchoInitial, InitialValue }, { EchoTrailing, TrailingValue } } }, CallContextFlags.CaptureMetadata);

        var unary = Context();
        await client.UnaryCallAsync(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, unary);
        await CheckEchoedAsync(unary);

        var duplex = Context();
        var request = new StreamingOutputCallRequest { ResponseParameters = { new ResponseParameters { Size = 314159 } }, Payload = Zeros(271828) };
        Assert.AreEqual(1, await client.FullDuplexCallAsync(Stream(request), duplex).CountAsync());
        await CheckEchoedAsync(duplex);

        static async Task CheckEchoedAsync(CallContext context)
        {
            Assert.AreEqual(InitialValue, (await context.ResponseHeadersAsync()).GetValue(EchoInitial));
            CollectionAssert.AreEqual(TrailingValue, context.ResponseTrailers.GetValueBytes(EchoTrailing));
        }
    }

    private static async Task StatusAsync(ITestService client, string message)
    {
        var status = new EchoStatus { Code = (int)StatusCode.Unknown, Message = message };
        var unary = await Assert.ThrowsExactlyAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { ResponseStatus = status }).AsTask());
        Assert.AreEqual(StatusCode.Unknown, unary.StatusCode);
        Assert.AreEqual(message, unary.Status.Detail);

        var duplex = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
            await client.FullDuplexCallAsync(Stream(new StreamingOutputCallRequest { ResponseStatus = status })).CountAsync());
        Assert.AreEqual(StatusCode.Unknown, duplex.StatusCode);
        Assert.AreEqual(message, duplex.Status.Detail);
    }

    private static async Task ClientCompressedUnaryAsync(ITestService client)
    {
        // The probe: a server that checks compression refuses an uncompressed message that claims to be compressed.
        var probe = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            client.UnaryCallAsync(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828), ExpectCompressed = new BoolValue { Value = true } }).AsTask());
        Assert.AreEqual(StatusCode.InvalidArgument, probe.StatusCode);

        var compressed = await client.UnaryCallAsync(
            new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828), ExpectCompressed = new BoolValue { Value = true } },
            new CallOptions { Compression = "gzip" });
        Assert.AreEqual(314159, compressed.Payload!.Body.Length);

        var plain = await client.UnaryCallAsync(
            new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828), ExpectCompressed = new BoolValue { Value = false } });
        Assert.AreEqual(314159, plain.Payload!.Body.Length);
    }

    private static StreamingOutputCallRequest OutputRequest(params int[] sizes)
    {
        var request = new StreamingOutputCallRequest();
        foreach (var size in sizes)
        {
            request.ResponseParameters.Add(new ResponseParameters { Size = size });
        }
        return request;
    }

    private static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = new byte[size] };

    private static async IAsyncEnumerable<T> Stream<T>(params T[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    /// <summary>Yields <paramref name="first"/> (unless null), then never ends: the call must end by deadline or cancellation.</summary>
    private static async IAsyncEnumerable<T> Forever<T>(T? first, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        if (first is not null)
        {
            yield return first;
        }
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
