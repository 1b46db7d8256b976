using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.AspNetCore;

/// <summary>The server's interceptors, in the order they run.</summary>
public sealed class InterceptorCollection
{
    private readonly List<Func<IServiceProvider, ServerInterceptor>> _factories = [];

    /// <summary>The number of interceptors.</summary>
    public int Count => _factories.Count;

    /// <summary>
    /// Adds an interceptor type: taken from DI when registered there (so its lifetime is DI's), else created
    /// per call with constructor injection.
    /// </summary>
    public void Add<TInterceptor>()
        where TInterceptor : ServerInterceptor
    {
        var factory = ActivatorUtilities.CreateFactory(typeof(TInterceptor), Type.EmptyTypes);
        _factories.Add(services => services.GetService<TInterceptor>() ?? (TInterceptor)factory(services, null));
    }

    /// <summary>Adds an interceptor instance, shared by every call.</summary>
    public void Add(ServerInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        _factories.Add(_ => interceptor);
    }

    internal ServerInterceptor[] Resolve(IServiceProvider services)
    {
        var interceptors = new ServerInterceptor[_factories.Count];
        for (var i = 0; i < interceptors.Length; i++)
        {
            interceptors[i] = _factories[i](services);
        }
        return interceptors;
    }
}
