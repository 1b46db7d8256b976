using Microsoft.Extensions.DependencyInjection;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>
/// Gets the service instance for a call: the one registered in DI if there is one (its lifetime is
/// DI's), else a new instance per call built by a cached factory and disposed after the call.
/// </summary>
internal sealed class ServiceActivator<TService>
    where TService : class
{
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);

    public TService Create(IServiceProvider services, out bool created)
    {
        if (services.GetService<TService>() is { } registered)
        {
            created = false;
            return registered;
        }
        created = true;
        return (TService)_factory(services, null);
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
