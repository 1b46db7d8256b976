using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.AspNetCore;

/// <summary>
/// The server's interceptors, in the order they run. They are fixed when the first service is mapped
/// (<c>MapGrpcService</c>): each method's pipeline is built once, for them.
/// </summary>
public sealed class InterceptorCollection
{
    private readonly List<Entry> _entries = [];

    /// <summary>Set once fixed when every interceptor is a shared instance: then every call uses this one array.</summary>
    private ServerInterceptor[]? _shared;

    private bool _fixed;

    /// <summary>The number of interceptors.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Adds an interceptor type: taken from DI when registered there (so its lifetime is DI's), else created
    /// per call with constructor injection.
    /// </summary>
    /// <exception cref="InvalidOperationException">A service has already been mapped.</exception>
    public void Add<TInterceptor>()
        where TInterceptor : ServerInterceptor
    {
        ThrowIfFixed();
        var factory = ActivatorUtilities.CreateFactory(typeof(TInterceptor), Type.EmptyTypes);
        _entries.Add(new Entry(null, services => services.GetService<TInterceptor>() ?? (TInterceptor)factory(services, null)));
    }

    /// <summary>Adds an interceptor instance, shared by every call.</summary>
    /// <exception cref="InvalidOperationException">A service has already been mapped.</exception>
    public void Add(ServerInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        ThrowIfFixed();
        _entries.Add(new Entry(interceptor, null));
    }

    /// <summary>Fixes the interceptors, before the first service's pipelines are built for them.</summary>
    internal void Fix()
    {
        if (_fixed)
        {
            return;
        }
        _fixed = true;
        if (_entries.TrueForAll(entry => entry.Instance is not null))
        {
            _shared = _entries.Select(entry => entry.Instance!).ToArray();
        }
    }

    /// <summary>
    /// The interceptors of one call: the shared array when every interceptor is an instance (nothing allocated, and
    /// the call's DI scope is not created), else one with the types resolved from the call's request services.
    /// </summary>
    internal ServerInterceptor[] Resolve(HttpContext httpContext)
    {
        if (_shared is not null)
        {
            return _shared;
        }
        var services = httpContext.RequestServices;
        var interceptors = new ServerInterceptor[_entries.Count];
        for (var i = 0; i < interceptors.Length; i++)
        {
            interceptors[i] = _entries[i].Instance ?? _entries[i].Factory!(services);
        }
        return interceptors;
    }

    private void ThrowIfFixed()
    {
        if (_fixed)
        {
            throw new InvalidOperationException("Interceptors cannot be added once a service is mapped; add them in AddCodeFirstGrpc(options => ...).");
        }
    }

    /// <summary>An interceptor added as an instance, or as a type with its factory.</summary>
    private readonly record struct Entry(ServerInterceptor? Instance, Func<IServiceProvider, ServerInterceptor>? Factory);
}
