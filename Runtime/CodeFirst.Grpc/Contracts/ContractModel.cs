using System.Collections.Concurrent;
using CodeFirst.Grpc.Contracts.Internal;

namespace CodeFirst.Grpc.Contracts;

/// <summary>
/// The one model of a contract, read once per type from its attributes; the codec, the schema export
/// and server reflection all work from it.
/// </summary>
public static class ContractModel
{
    private static readonly ConcurrentDictionary<Type, MessageContract> Messages = new();
    private static readonly ConcurrentDictionary<Type, EnumContract> Enums = new();
    private static readonly ConcurrentDictionary<Type, ServiceContract> Services = new();
    private static readonly Lock BuildLock = new();

    /// <summary>The message contract of a <c>[DataContract]</c> class.</summary>
    /// <exception cref="InvalidContractException">The type is not a valid message contract.</exception>
    public static MessageContract GetMessage(Type type) =>
        Messages.TryGetValue(type, out var contract) ? contract : Build(type, Messages, ContractBuilder.BuildMessage);

    /// <summary>The enum contract of an enum type.</summary>
    /// <exception cref="InvalidContractException">The enum has no zero value or does not fit protobuf.</exception>
    public static EnumContract GetEnum(Type type) =>
        Enums.TryGetValue(type, out var contract) ? contract : Build(type, Enums, ContractBuilder.BuildEnum);

    /// <summary>The service contract of an interface marked <see cref="GrpcServiceAttribute"/>.</summary>
    /// <exception cref="InvalidContractException">A method has no supported shape, or a message is invalid.</exception>
    public static ServiceContract GetService(Type serviceInterface) =>
        Services.TryGetValue(serviceInterface, out var contract) ? contract : Build(serviceInterface, Services, ContractBuilder.BuildService);

    /// <summary>True when <paramref name="type"/> is a class marked <c>[DataContract]</c>.</summary>
    public static bool IsMessageType(Type type) => ContractBuilder.IsMessageType(type);

    private static T Build<T>(Type type, ConcurrentDictionary<Type, T> cache, Func<Type, ContractBuilder, T> build)
        where T : class
    {
        // One builder at a time: recursive message types see their own half-built contract through
        // the builder's in-progress table, and nothing half-built is ever published to the caches.
        lock (BuildLock)
        {
            if (cache.TryGetValue(type, out var existing))
            {
                return existing;
            }
            var builder = new ContractBuilder();
            var result = build(type, builder);
            builder.Publish(Messages, Enums);
            cache.TryAdd(type, result);
            return result;
        }
    }
}
