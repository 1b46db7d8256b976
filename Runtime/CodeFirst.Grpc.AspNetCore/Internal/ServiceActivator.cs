using System.Linq.Expressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>
/// Gets the service instance for a call: the one registered in DI if there is one (its lifetime is
/// DI's), else a new instance per call built by a cached factory and disposed after the call.
/// </summary>
/// <remarks>
/// Whether DI has the service, and whether its constructor needs anything, is decided once from the application's
/// services: a call's <see cref="HttpContext.RequestServices"/> (a DI scope, created on first use) is touched only
/// when the instance comes from DI or from constructor injection.
/// </remarks>
internal sealed class ServiceActivator<TService>
    where TService : class
{
    private readonly bool _registered;
    private readonly Func<TService>? _parameterless;
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);

    public ServiceActivator(IServiceProvider applicationServices)
    {
        // Without IServiceProviderIsService (a third-party container) DI is asked on every call, as it must be.
        _registered = applicationServices.GetService<IServiceProviderIsService>()?.IsService(typeof(TService)) ?? true;
        if (typeof(TService).GetConstructors() is [{ } only] && only.GetParameters().Length == 0)
        {
            _parameterless = Expression.Lambda<Func<TService>>(Expression.New(only)).Compile();
        }
    }

    public TService Create(HttpContext httpContext, out bool created)
    {
        if (_registered && httpContext.RequestServices.GetService<TService>() is { } registered)
        {
            created = false;
            return registered;
        }
        created = true;
        return _parameterless is { } create ? create() : (TService)_factory(httpContext.RequestServices, null);
    }

    public async ValueTask ReleaseAsync(TService service, bool created)
    {
        if (!created)
        {
            return;
        }
        if (service is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (service is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
