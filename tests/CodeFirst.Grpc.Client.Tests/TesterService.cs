using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Serialization;
using CodeFirst.Grpc.AspNetCore;
using CodeFirst.Grpc.ErrorDetails;

namespace CodeFirst.Grpc.Client.Tests;

[DataContract, ProtoPackage("client.test.v1")]
public sealed class TestRequest
{
    [DataMember(Order = 1)] public string Text { get; set; } = "";
    /// <summary>Server streaming: how many replies.</summary>
    [DataMember(Order = 2)] public int Count { get; set; }
    /// <summary>The status to fail with (see <see cref="FailTimes"/>).</summary>
    [DataMember(Order = 3)] public StatusCode FailWith { get; set; }
    /// <summary>Fail this many calls with this <see cref="Text"/>, then succeed; 0 with <see cref="FailWith"/> set: always fail.</summary>
    [DataMember(Order = 4)] public int FailTimes { get; set; }
    /// <summary>Wait this long before answering (observing cancellation), or between streamed replies.</summary>
    [DataMember(Order = 5)] public int DelayMilliseconds { get; set; }
    /// <summary>Send grpc-retry-pushback-ms with the failure when not null.</summary>
    [DataMember(Order = 6)] public string? Pushback { get; set; }
    /// <summary>Server streaming: fail after sending this many replies (with <see cref="FailWith"/>).</summary>
    [DataMember(Order = 7)] public int FailAfter { get; set; }
    [DataMember(Order = 8)] public byte[] Payload { get; set; } = [];
    /// <summary>Reply with a payload this large.</summary>
    [DataMember(Order = 9)] public int ResponseSize { get; set; }
    /// <summary>Compress the response (the server's per-call setting).</summary>
    [DataMember(Order = 10)] public bool CompressResponse { get; set; }
    /// <summary>The status message to fail with, instead of the default one.</summary>
    [DataMember(Order = 11)] public string? FailMessage { get; set; }
    /// <summary>Throw an <see cref="InvalidOperationException"/> with this message (not an <see cref="RpcException"/>).</summary>
    [DataMember(Order = 12)] public string? ThrowMessage { get; set; }
}

[DataContract, ProtoPackage("client.test.v1")]
public sealed class TestReply
{
    [DataMember(Order = 1)] public string Text { get; set; } = "";
    [DataMember(Order = 2)] public int Index { get; set; }
    /// <summary>The call's authorization header, as the server saw it.</summary>
    [DataMember(Order = 3)] public string Authorization { get; set; } = "";
    /// <summary>Which call with this text this was (1 for the first).</summary>
    [DataMember(Order = 4)] public int Attempt { get; set; }
    /// <summary>The grpc-timeout header the server saw.</summary>
    [DataMember(Order = 5)] public string Timeout { get; set; } = "";
    /// <summary>The grpc-encoding header the server saw.</summary>
    [DataMember(Order = 6)] public string Encoding { get; set; } = "";
    [DataMember(Order = 7)] public byte[] Payload { get; set; } = [];
    /// <summary>The grpc-previous-rpc-attempts header the server saw.</summary>
    [DataMember(Order = 8)] public string PreviousAttempts { get; set; } = "";
    /// <summary>Which server instance answered.</summary>
    [DataMember(Order = 9)] public string Server { get; set; } = "";
    /// <summary>The request header named "x-trace", as the server saw it.</summary>
    [DataMember(Order = 10)] public string Trace { get; set; } = "";
}

[GrpcService("client.test.v1.Tester")]
public interface ITester
{
    ValueTask<TestReply> UnaryAsync(TestRequest request, CallContext context = default);

    Task<TestReply> UnaryTaskAsync(TestRequest request, CancellationToken cancellationToken);

    IAsyncEnumerable<TestReply> ServerStreamAsync(TestRequest request, CallContext context = default);

    Task<TestReply> ClientStreamAsync(IAsyncEnumerable<TestRequest> requests, CallContext context = default);

    IAsyncEnumerable<TestReply> DuplexAsync(IAsyncEnumerable<TestRequest> requests, CallContext context = default);
}

/// <summary>
/// The service the client tests call on a real Kestrel: echoes, reports what it saw of the call (metadata, timeout,
/// encoding, attempts), and fails, waits or streams on request. One instance per host (register it as a singleton)
/// so attempt counts and cancellation signals belong to one test.
/// </summary>
public sealed class TesterService(string name = "server") : ITester
{
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _cancelled = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();

    /// <summary>Calls this instance has answered or failed, in all.</summary>
    public int TotalCalls => _calls.Values.Sum();

    /// <summary>Calls with <paramref name="text"/> so far.</summary>
    public int Calls(string text) => _calls.GetValueOrDefault(text);

    /// <summary>Completes when a handler for a request with <paramref name="text"/> sees its cancellation.</summary>
    public Task CancellationSeen(string text) => Signal(_cancelled, text).Task;

    /// <summary>Completes when a handler starts waiting (<see cref="TestRequest.DelayMilliseconds"/>) for a request with <paramref name="text"/>.</summary>
    public Task WaitStarted(string text) => Signal(_waiting, text).Task;

    public async ValueTask<TestReply> UnaryAsync(TestRequest request, CallContext context = default)
    {
        var attempt = _calls.AddOrUpdate(request.Text, 1, (_, n) => n + 1);
        await EchoMetadataAsync(context);
        await WaitAsync(request, context.CancellationToken);
        FailIfAsked(request, attempt, context);
        if (request.CompressResponse)
        {
            context.ServerCallContext!.ResponseCompression = "gzip";
        }
        return Describe(request, context, attempt);
    }

    public async Task<TestReply> UnaryTaskAsync(TestRequest request, CancellationToken cancellationToken)
    {
        await WaitAsync(request, cancellationToken);
        return new TestReply { Text = request.Text, Server = name };
    }

    public async IAsyncEnumerable<TestReply> ServerStreamAsync(TestRequest request, CallContext context = default)
    {
        var attempt = _calls.AddOrUpdate(request.Text, 1, (_, n) => n + 1);
        await EchoMetadataAsync(context);
        for (var i = 0; i < request.Count; i++)
        {
            if (request.FailWith != StatusCode.OK && i == request.FailAfter)
            {
                FailIfAsked(request, attempt, context);
            }
            if (i > 0)
            {
                await WaitAsync(request, context.CancellationToken);
            }
            var reply = Describe(request, context, attempt);
            reply.Index = i;
            yield return reply;
        }
        if (request.FailAfter >= request.Count)
        {
            FailIfAsked(request, attempt, context);
        }
    }

    public async Task<TestReply> ClientStreamAsync(IAsyncEnumerable<TestRequest> requests, CallContext context = default)
    {
        var texts = new List<string>();
        TestRequest? first = null;
        var attempt = 0;
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            if (first is null)
            {
                first = request;
                attempt = _calls.AddOrUpdate(request.Text, 1, (_, n) => n + 1);
                await EchoMetadataAsync(context);
            }
            texts.Add(request.Text);
            await WaitAsync(request, context.CancellationToken);
            // The first request's failure instructions apply once this many messages have arrived.
            if (first.FailWith != StatusCode.OK && texts.Count == Math.Max(first.FailAfter, 1))
            {
                FailIfAsked(first, attempt, context);
            }
        }
        var reply = Describe(first ?? new TestRequest(), context, attempt);
        reply.Text = string.Join(",", texts);
        reply.Index = texts.Count;
        return reply;
    }

    public async IAsyncEnumerable<TestReply> DuplexAsync(IAsyncEnumerable<TestRequest> requests, CallContext context = default)
    {
        var index = 0;
        await EchoMetadataAsync(context);
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            await WaitAsync(request, context.CancellationToken);
            if (request.FailWith != StatusCode.OK)
            {
                FailIfAsked(request, 1, context);
            }
            var reply = Describe(request, context, 1);
            reply.Index = index++;
            yield return reply;
        }
    }

    private TestReply Describe(TestRequest request, CallContext context, int attempt)
    {
        var headers = context.RequestHeaders;
        var http = context.ServerCallContext!.GetHttpContext().Request.Headers;
        return new TestReply
        {
            Text = request.Text,
            Attempt = attempt,
            Authorization = headers.GetValue("authorization") ?? "",
            Timeout = http["grpc-timeout"].ToString(),
            Encoding = http["grpc-encoding"].ToString(),
            PreviousAttempts = http["grpc-previous-rpc-attempts"].ToString(),
            Payload = request.ResponseSize > 0 ? new byte[request.ResponseSize] : request.Payload,
            Server = name,
            Trace = string.Join(",", headers.GetAll("x-trace").Select(e => e.Value)),
        };
    }

    /// <summary>Request metadata named <c>echo-*</c> comes back as trailers, <c>header-*</c> as response headers (sent at once).</summary>
    private static async Task EchoMetadataAsync(CallContext context)
    {
        Metadata? headers = null;
        foreach (var entry in context.RequestHeaders)
        {
            if (entry.Key.StartsWith("echo-", StringComparison.Ordinal))
            {
                context.ResponseTrailers.Add(entry);
            }
            else if (entry.Key.StartsWith("header-", StringComparison.Ordinal))
            {
                (headers ??= []).Add(entry);
            }
        }
        if (headers is not null)
        {
            await context.ServerCallContext!.WriteResponseHeadersAsync(headers);
        }
    }

    private void FailIfAsked(TestRequest request, int attempt, CallContext context)
    {
        if (request.ThrowMessage is { } thrown)
        {
            throw new InvalidOperationException(thrown);
        }
        if (request.FailWith == StatusCode.OK || request.FailTimes > 0 && attempt > request.FailTimes)
        {
            return;
        }
        if (request.Pushback is { } pushback)
        {
            context.ResponseTrailers.Add("grpc-retry-pushback-ms", pushback);
        }
        throw new RpcException(request.FailWith, request.FailMessage ?? $"failed as asked (attempt {attempt})",
        [
            new ErrorInfo { Reason = "ASKED", Domain = "client.test.v1", Metadata = { ["attempt"] = attempt.ToString() } },
            new BadRequest { FieldViolations = { new BadRequestFieldViolation { Field = "fail_with", Description = "asked to fail" } } },
        ]);
    }

    private async Task WaitAsync(TestRequest request, CancellationToken cancellationToken)
    {
        if (request.DelayMilliseconds <= 0)
        {
            return;
        }
        Signal(_waiting, request.Text).TrySetResult();
        try
        {
            await Task.Delay(request.DelayMilliseconds, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Signal(_cancelled, request.Text).TrySetResult();
            throw;
        }
    }

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string text) =>
        signals.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
