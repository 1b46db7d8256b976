using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.AspNetCore.Tests.Infrastructure;

/// <summary>
/// What the server did with each call's HTTP features, seen by a middleware in front of the gRPC endpoints: how often
/// it flushed the response body, and whether it touched <see cref="HttpContext.RequestServices"/> (which creates the
/// call's DI scope). Keyed by request path.
/// </summary>
internal sealed class CallObserver
{
    public ConcurrentDictionary<string, int> Flushes { get; } = new();

    public ConcurrentDictionary<string, bool> ScopeTouched { get; } = new();

    /// <summary>Adds the observing middleware to <paramref name="endpoints"/> (a WebApplication).</summary>
    public void Observe(IEndpointRouteBuilder endpoints)
    {
        var scopes = endpoints.ServiceProvider.GetRequiredService<IServiceScopeFactory>();
        ((IApplicationBuilder)endpoints).Use(async (context, next) =>
        {
            var path = context.Request.Path.Value!;
            Flushes[path] = 0;
            ScopeTouched[path] = false;
            var body = context.Features.Get<IHttpResponseBodyFeature>()!;
            context.Features.Set<IHttpResponseBodyFeature>(new CountingBody(body, () => Flushes.AddOrUpdate(path, 1, (_, n) => n + 1)));
            // The context makes its own lazily, so usually there is none yet: make the same one.
            var services = context.Features.Get<IServiceProvidersFeature>() ?? new RequestServicesFeature(context, scopes);
            context.Features.Set<IServiceProvidersFeature>(new WatchedServices(services, () => ScopeTouched[path] = true));
            await next(context);
        });
    }

    private sealed class WatchedServices(IServiceProvidersFeature inner, Action touched) : IServiceProvidersFeature
    {
        public IServiceProvider RequestServices
        {
            get
            {
                touched();
                return inner.RequestServices;
            }
            set => inner.RequestServices = value;
        }
    }

    private sealed class CountingBody(IHttpResponseBodyFeature inner, Action flushed) : IHttpResponseBodyFeature
    {
        private readonly CountingWriter _writer = new(inner.Writer, flushed);

        public Stream Stream => inner.Stream;

        public PipeWriter Writer => _writer;

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public Task CompleteAsync() => inner.CompleteAsync();
    }

    private sealed class CountingWriter(PipeWriter inner, Action flushed) : PipeWriter
    {
        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            flushed();
            return inner.FlushAsync(cancellationToken);
        }

        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);
    }
}
