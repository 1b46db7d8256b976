using System.Net.Sockets;

namespace CodeFirst.Grpc.Client.Tests;

/// <summary>
/// Request compression (channel and per call) and gzip responses, measured on the wire; call credentials from the
/// channel and per call; credentials refused over plaintext to a host that is not loopback.
/// </summary>
[TestClass]
public sealed class CompressionAndCredentialsTests
{
    private const int LargePayload = 1_000_000;

    private static CallOptions Bounded => new() { Deadline = DateTime.UtcNow.AddSeconds(20) };

    [TestMethod]
    public async Task Channel_compression_gzips_requests_the_server_decodes()
    {
        var wire = new WireCounter();
        await using var host = await TesterHost.StartAsync(wire.Attach(new GrpcChannelOptions { Compression = "gzip" }));
        var payload = Compressible(LargePayload);

        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "gzip", Payload = payload }, Bounded);

        Assert.AreEqual("gzip", reply.Encoding);
        CollectionAssert.AreEqual(payload, reply.Payload);
        // The reply echoes the payload uncompressed; the request went compressed.
        Assert.IsLessThan(LargePayload / 10, wire.Written, "request bytes on the wire");
        Assert.IsGreaterThan(LargePayload, wire.Read, "response bytes on the wire");
    }

    [TestMethod]
    public async Task Channel_compression_applies_to_request_streams()
    {
        var wire = new WireCounter();
        await using var host = await TesterHost.StartAsync(wire.Attach(new GrpcChannelOptions { Compression = "gzip" }));
        var payload = Compressible(LargePayload / 4);

        var reply = await host.Client.ClientStreamAsync(Requests(4, payload), Bounded);

        Assert.AreEqual("gzip", reply.Encoding);
        Assert.AreEqual(4, reply.Index);
        Assert.IsLessThan(LargePayload / 10, wire.Written, "request bytes on the wire");
    }

    [TestMethod]
    public async Task Per_call_compression_gzips_requests_on_a_channel_without_compression()
    {
        var wire = new WireCounter();
        await using var host = await TesterHost.StartAsync(wire.Attach(new GrpcChannelOptions()));
        var payload = Compressible(LargePayload);
        var options = Bounded;
        options.Compression = "gzip";

        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "per call", ResponseSize = 1, Payload = payload }, options);

        Assert.AreEqual("gzip", reply.Encoding);
        Assert.IsLessThan(LargePayload / 10, wire.Written, "request bytes on the wire");
    }

    [TestMethod]
    public async Task Per_call_identity_turns_off_the_channel_compression()
    {
        var wire = new WireCounter();
        await using var host = await TesterHost.StartAsync(wire.Attach(new GrpcChannelOptions { Compression = "gzip" }));
        var options = Bounded;
        options.Compression = "identity";

        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "identity", ResponseSize = 1, Payload = Compressible(LargePayload) }, options);

        Assert.AreEqual("", reply.Encoding);
        Assert.IsGreaterThan(LargePayload, wire.Written, "request bytes on the wire");
    }

    [TestMethod]
    public async Task Server_compressed_responses_are_decompressed()
    {
        var wire = new WireCounter();
        await using var host = await TesterHost.StartAsync(wire.Attach(new GrpcChannelOptions()));

        var unary = await host.Client.UnaryAsync(new TestRequest { Text = "zipped reply", ResponseSize = LargePayload, CompressResponse = true }, Bounded);
        var read = wire.Read;
        var streamed = await host.Client.ServerStreamAsync(new TestRequest { Text = "zipped stream", Count = 3, ResponseSize = LargePayload }, Bounded).ToListAsync();

        Assert.AreEqual(LargePayload, unary.Payload.Length);
        Assert.IsLessThan(LargePayload / 10, read, "response bytes on the wire");
        // Without compression, the same payload is all on the wire.
        Assert.AreEqual(3, streamed.Count);
        Assert.IsGreaterThan(3 * LargePayload, wire.Read - read);
    }

    [TestMethod]
    public async Task Server_compressing_every_response_is_understood()
    {
        await using var host = await TesterHost.StartAsync(server: options => options.ResponseCompression = "gzip");

        var unary = await host.Client.UnaryAsync(new TestRequest { Text = "all zipped", ResponseSize = 10_000 }, Bounded);
        var streamed = await host.Client.DuplexAsync(Requests(3, Compressible(10_000)), Bounded).ToListAsync();

        Assert.AreEqual(10_000, unary.Payload.Length);
        Assert.AreEqual(3, streamed.Count);
        CollectionAssert.AreEqual(Compressible(10_000), streamed[2].Payload);
    }

    [TestMethod]
    [DataRow("br")]
    [DataRow("deflate")]
    [DataRow("GZIP-ish")]
    public async Task Unsupported_compression_fails_the_call_with_a_clear_error_before_sending(string compression)
    {
        await using var host = await TesterHost.StartAsync();
        var options = Bounded;
        options.Compression = compression;

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.UnaryAsync(new TestRequest { Text = "unsupported" }, options).AsTask());

        Assert.AreEqual(StatusCode.Internal, e.StatusCode);
        StringAssert.Contains(e.Status.Detail, $"'{compression}'");
        Assert.AreEqual(0, host.Service.TotalCalls);
    }

    [TestMethod]
    public async Task Unsupported_channel_compression_fails_every_call_with_a_clear_error()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { Compression = "snappy" });

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.ClientStreamAsync(Requests(1, []), Bounded));

        Assert.AreEqual(StatusCode.Internal, e.StatusCode);
        StringAssert.Contains(e.Status.Detail, "'snappy'");
        Assert.AreEqual(0, host.Service.TotalCalls);
    }

    [TestMethod]
    public async Task Channel_bearer_token_reaches_the_server_on_every_shape()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { Credentials = CallCredentials.FromBearerToken("channel-token") });

        var replies = new[]
        {
            await host.Client.UnaryAsync(new TestRequest { Text = "u" }, Bounded),
            (await host.Client.ServerStreamAsync(new TestRequest { Text = "s", Count = 1 }, Bounded).ToListAsync())[0],
            await host.Client.ClientStreamAsync(Requests(1, []), Bounded),
            (await host.Client.DuplexAsync(Requests(1, []), Bounded).ToListAsync())[0],
        };

        foreach (var reply in replies)
        {
            Assert.AreEqual("Bearer channel-token", reply.Authorization);
        }
    }

    [TestMethod]
    public async Task Per_call_credentials_reach_the_server_and_override_the_channels()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { Credentials = CallCredentials.FromBearerToken("channel-token") });
        var options = Bounded;
        options.Credentials = CallCredentials.FromBearerToken("call-token");

        var overridden = await host.Client.UnaryAsync(new TestRequest { Text = "per call" }, options);
        var channelOnly = await host.Client.UnaryAsync(new TestRequest { Text = "channel" }, Bounded);

        Assert.AreEqual("Bearer call-token", overridden.Authorization);
        Assert.AreEqual("Bearer channel-token", channelOnly.Authorization);
    }

    [TestMethod]
    public async Task Per_call_credentials_work_on_a_channel_without_credentials()
    {
        await using var host = await TesterHost.StartAsync();
        var options = Bounded;
        options.Credentials = CallCredentials.FromBearerToken("only-this-call");

        var withCredentials = await host.Client.UnaryAsync(new TestRequest { Text = "with" }, options);
        var without = await host.Client.UnaryAsync(new TestRequest { Text = "without" }, Bounded);

        Assert.AreEqual("Bearer only-this-call", withCredentials.Authorization);
        Assert.AreEqual("", without.Authorization);
    }

    [TestMethod]
    public async Task Credentials_replace_an_authorization_header_in_the_call_metadata()
    {
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { Credentials = CallCredentials.FromBearerToken("channel-token") });
        var options = Bounded;
        options.Headers = new Metadata { { "authorization", "Basic dXNlcjpwYXNz" } };

        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "both" }, options);

        Assert.AreEqual("Bearer channel-token", reply.Authorization);
    }

    [TestMethod]
    public async Task Bearer_token_provider_is_asked_for_each_call()
    {
        var asked = 0;
        var credentials = CallCredentials.FromBearerTokenProvider(_ => ValueTask.FromResult($"token-{Interlocked.Increment(ref asked)}"));
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { Credentials = credentials });

        var first = await host.Client.UnaryAsync(new TestRequest { Text = "1" }, Bounded);
        var second = await host.Client.UnaryAsync(new TestRequest { Text = "2" }, Bounded);
        var third = await host.Client.ServerStreamAsync(new TestRequest { Text = "3", Count = 2 }, Bounded).ToListAsync();

        Assert.AreEqual("Bearer token-1", first.Authorization);
        Assert.AreEqual("Bearer token-2", second.Authorization);
        Assert.AreEqual("Bearer token-3", third[0].Authorization);
        Assert.AreEqual(3, asked);
    }

    [TestMethod]
    public async Task Credentials_provider_failure_fails_the_call_without_calling_the_server()
    {
        var credentials = CallCredentials.Create((_, _) => throw new RpcException(StatusCode.Unauthenticated, "no token available"));
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { Credentials = credentials });

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() => host.Client.UnaryAsync(new TestRequest { Text = "x" }, Bounded).AsTask());

        Assert.AreEqual(StatusCode.Unauthenticated, e.StatusCode);
        Assert.AreEqual("no token available", e.Status.Detail);
        Assert.AreEqual(0, host.Service.TotalCalls);
    }

    [TestMethod]
    public async Task Custom_credentials_add_their_metadata()
    {
        var credentials = CallCredentials.Create((metadata, _) =>
        {
            metadata.Add("x-trace", "api-key-123");
            return ValueTask.CompletedTask;
        });
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { Credentials = credentials });

        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "key" }, Bounded);

        Assert.AreEqual("api-key-123", reply.Trace);
    }

    [TestMethod]
    public async Task Per_call_custom_credentials_replace_the_channels_entries_with_the_same_key()
    {
        static CallCredentials Key(string value) => CallCredentials.Create((metadata, _) =>
        {
            metadata.Add("x-trace", value);
            return ValueTask.CompletedTask;
        });
        await using var host = await TesterHost.StartAsync(new GrpcChannelOptions { Credentials = Key("channel-key") });

        var reply = await host.Client.UnaryAsync(new TestRequest { Text = "override" }, new CallOptions { Credentials = Key("call-key") });

        Assert.AreEqual("call-key", reply.Trace, "only the call's value is sent, not both");
    }

    [TestMethod]
    public void Channel_with_credentials_to_a_plaintext_remote_host_is_refused_at_creation()
    {
        var options = new GrpcChannelOptions { Credentials = CallCredentials.FromBearerToken("secret") };

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => GrpcChannel.ForAddress("http://example.invalid:50051", options));

        StringAssert.Contains(e.Message, "example.invalid:50051");
        StringAssert.Contains(e.Message, "AllowInsecureCredentials");
    }

    [TestMethod]
    public void Channel_with_credentials_to_plaintext_loopback_or_https_or_allowed_is_created()
    {
        var credentials = CallCredentials.FromBearerToken("secret");

        GrpcChannel.ForAddress("http://127.0.0.1:50051", new GrpcChannelOptions { Credentials = credentials }).Dispose();
        GrpcChannel.ForAddress("http://localhost:50051", new GrpcChannelOptions { Credentials = credentials }).Dispose();
        GrpcChannel.ForAddress("https://example.invalid:50051", new GrpcChannelOptions { Credentials = credentials }).Dispose();
        GrpcChannel.ForAddress("http://example.invalid:50051", new GrpcChannelOptions { Credentials = credentials, AllowInsecureCredentials = true }).Dispose();
    }

    [TestMethod]
    public async Task Per_call_credentials_to_a_plaintext_remote_host_fail_UNAUTHENTICATED_without_connecting()
    {
        var connects = new ConnectRecorder();
        using var channel = GrpcChannel.ForAddress("http://10.255.255.1:1", connects.Attach(new GrpcChannelOptions()));
        var options = Bounded;
        options.Credentials = CallCredentials.FromBearerToken("secret");

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            channel.CreateGrpcService<ITester>().UnaryAsync(new TestRequest(), options).AsTask());

        Assert.AreEqual(StatusCode.Unauthenticated, e.StatusCode);
        StringAssert.Contains(e.Status.Detail, "10.255.255.1:1");
        Assert.AreEqual(0, connects.Count, "No connection was attempted.");
    }

    [TestMethod]
    public async Task AllowInsecureCredentials_lets_a_plaintext_remote_call_go_out()
    {
        var connects = new ConnectRecorder();
        using var channel = GrpcChannel.ForAddress("http://10.255.255.1:1",
            connects.Attach(new GrpcChannelOptions
            {
                Credentials = CallCredentials.FromBearerToken("secret"),
                AllowInsecureCredentials = true,
                // No reconnect probe (a raw socket) while the test runs.
                InitialReconnectBackoff = TimeSpan.FromMinutes(10),
            }));

        var e = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            channel.CreateGrpcService<ITester>().UnaryAsync(new TestRequest(), Bounded).AsTask());

        // It went as far as connecting (which the recorder refuses, so nothing leaves the machine).
        Assert.AreEqual(StatusCode.Unavailable, e.StatusCode, e.Status.Detail);
        Assert.AreEqual(1, connects.Count);
    }

    private static byte[] Compressible(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)(i % 16);
        }
        return bytes;
    }

    private static async IAsyncEnumerable<TestRequest> Requests(int count, byte[] payload)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return new TestRequest { Text = $"r{i}", Payload = payload };
        }
    }

    /// <summary>Counts the bytes the channel's connections write and read (HTTP/2 frames, before any TLS).</summary>
    private sealed class WireCounter
    {
        private long _written;
        private long _read;

        public long Written => Interlocked.Read(ref _written);

        public long Read => Interlocked.Read(ref _read);

        public GrpcChannelOptions Attach(GrpcChannelOptions options)
        {
            options.ConfigureHttpHandler = handler => handler.PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(new CountingStream(context.PlaintextStream, this));
            return options;
        }

        private sealed class CountingStream(Stream inner, WireCounter counter) : Stream
        {
            public override bool CanRead => inner.CanRead;
            public override bool CanSeek => false;
            public override bool CanWrite => inner.CanWrite;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Flush() => inner.Flush();

            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

            public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
                Counted(await inner.ReadAsync(buffer, cancellationToken));

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override void Write(byte[] buffer, int offset, int count)
            {
                Interlocked.Add(ref counter._written, count);
                inner.Write(buffer, offset, count);
            }

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Interlocked.Add(ref counter._written, buffer.Length);
                return inner.WriteAsync(buffer, cancellationToken);
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }
                base.Dispose(disposing);
            }

            public override ValueTask DisposeAsync() => inner.DisposeAsync();

            private int Counted(int read)
            {
                Interlocked.Add(ref counter._read, read);
                return read;
            }
        }
    }

    /// <summary>Records connection attempts and refuses them, so a test never reaches a real remote host.</summary>
    private sealed class ConnectRecorder
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public GrpcChannelOptions Attach(GrpcChannelOptions options)
        {
            options.ConfigureHttpHandler = handler => handler.ConnectCallback = (_, _) =>
            {
                Interlocked.Increment(ref _count);
                return ValueTask.FromException<Stream>(new SocketException((int)SocketError.ConnectionRefused));
            };
            return options;
        }
    }
}
