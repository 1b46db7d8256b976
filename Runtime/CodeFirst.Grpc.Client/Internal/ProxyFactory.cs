using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using CodeFirst.Grpc.Contracts;

namespace CodeFirst.Grpc.Client.Internal;

/// <summary>
/// Builds, once per service interface, a class implementing it: each method loads its <see cref="ClientMethod{TRequest, TResponse}"/>
/// from a field and calls the adapter for its signature, passing the request and a <see cref="CallContext"/>. No
/// reflection runs per call. Which adapter serves which signature is a table keyed by <see cref="MethodShape"/>.
/// </summary>
internal static class ProxyFactory
{
    private static readonly Dictionary<(RequestForm, ResponseForm), string> Adapters = new()
    {
        [(RequestForm.Message, ResponseForm.ValueTask)] = nameof(ClientMethod<object, object>.UnaryValueTask),
        [(RequestForm.Message, ResponseForm.Task)] = nameof(ClientMethod<object, object>.UnaryTask),
        [(RequestForm.Message, ResponseForm.Stream)] = nameof(ClientMethod<object, object>.ServerStreaming),
        [(RequestForm.Stream, ResponseForm.ValueTask)] = nameof(ClientMethod<object, object>.ClientStreamingValueTask),
        [(RequestForm.Stream, ResponseForm.Task)] = nameof(ClientMethod<object, object>.ClientStreamingTask),
        [(RequestForm.Stream, ResponseForm.Stream)] = nameof(ClientMethod<object, object>.DuplexStreaming),
    };

    private static readonly ConstructorInfo CallContextFromToken = typeof(CallContext).GetConstructor([typeof(CancellationToken)])!;
    private static readonly ConcurrentDictionary<Type, ProxyType> Types = new();
    private static readonly DynamicAssembly Dynamic = DynamicAssembly.Create();
    private static readonly HashSet<Assembly> Granted = [];
    private static int s_typeCount;

    /// <summary>A new proxy of <paramref name="serviceInterface"/> whose methods call through <paramref name="channel"/>.</summary>
    public static object Create(Type serviceInterface, GrpcChannel channel)
    {
        var proxy = Types.GetOrAdd(serviceInterface, Build);
        var methods = new object[proxy.Service.Methods.Count];
        for (var i = 0; i < methods.Length; i++)
        {
            var contract = proxy.Service.Methods[i];
            methods[i] = Activator.CreateInstance(ClientMethodType(contract), channel, contract)!;
        }
        return proxy.Constructor.Invoke([methods]);
    }

    private sealed record ProxyType(ServiceContract Service, ConstructorInfo Constructor);

    /// <summary>The dynamic assembly the proxies live in, and its <c>IgnoresAccessChecksToAttribute</c>.</summary>
    private sealed record DynamicAssembly(AssemblyBuilder Assembly, ModuleBuilder Module, ConstructorInfo IgnoresAccessChecksTo)
    {
        public static DynamicAssembly Create()
        {
            var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("CodeFirst.Grpc.Client.Proxies"), AssemblyBuilderAccess.Run);
            var module = assembly.DefineDynamicModule("CodeFirst.Grpc.Client.Proxies");
            var ignoresAccessChecksTo = DefineIgnoresAccessChecksTo(module);
            assembly.SetCustomAttribute(new CustomAttributeBuilder(ignoresAccessChecksTo, [typeof(ProxyFactory).Assembly.GetName().Name!]));
            return new DynamicAssembly(assembly, module, ignoresAccessChecksTo);
        }
    }

    private static ProxyType Build(Type serviceInterface)
    {
        if (!serviceInterface.IsInterface)
        {
            throw new ArgumentException($"{serviceInterface} is not an interface; CreateGrpcService needs a [GrpcService] interface.", nameof(serviceInterface));
        }
        var service = ContractModel.GetService(serviceInterface);
        GrantAccess(serviceInterface.Assembly);
        TypeBuilder type;
        lock (Dynamic.Module)
        {
            type = Dynamic.Module.DefineType($"{serviceInterface.FullName}Proxy{Interlocked.Increment(ref s_typeCount)}",
                TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(object), [serviceInterface]);
        }
        var fields = new FieldBuilder[service.Methods.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var contract = service.Methods[i];
            fields[i] = type.DefineField("_" + contract.Name, ClientMethodType(contract), FieldAttributes.Private | FieldAttributes.InitOnly);
        }
        EmitConstructor(type, fields);
        var byMethod = service.Methods.Select((contract, index) => (contract, index)).ToDictionary(m => m.contract.Method, m => m.index);
        foreach (var method in serviceInterface.GetMethods().Concat(serviceInterface.GetInterfaces().SelectMany(i => i.GetMethods())))
        {
            if (!method.IsAbstract)
            {
                continue;
            }
            if (byMethod.TryGetValue(method, out var index))
            {
                EmitCall(type, method, service.Methods[index], fields[index]);
            }
            else
            {
                EmitNotSupported(type, method);
            }
        }
        var built = type.CreateType();
        return new ProxyType(service, built.GetConstructor([typeof(object[])])!);
    }

    private static Type ClientMethodType(MethodContract contract) =>
        typeof(ClientMethod<,>).MakeGenericType(contract.RequestType, contract.ResponseType);

    private static void EmitConstructor(TypeBuilder type, FieldBuilder[] fields)
    {
        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [typeof(object[])]);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(object).GetConstructor(Type.EmptyTypes)!);
        for (var i = 0; i < fields.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(OpCodes.Castclass, fields[i].FieldType);
            il.Emit(OpCodes.Stfld, fields[i]);
        }
        il.Emit(OpCodes.Ret);
    }

    private static void EmitCall(TypeBuilder type, MethodInfo method, MethodContract contract, FieldInfo field)
    {
        var parameters = method.GetParameters();
        var implementation = DefineOverride(type, method, parameters);
        var adapter = field.FieldType.GetMethod(Adapters[(contract.Shape.Request, contract.Shape.Response)])!;
        var il = implementation.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Ldarg_1);
        switch (contract.Context)
        {
            case ContextForm.CallContext:
                il.Emit(OpCodes.Ldarg_2);
                break;
            case ContextForm.CancellationToken:
                il.Emit(OpCodes.Ldarg_2);
                il.Emit(OpCodes.Newobj, CallContextFromToken);
                break;
            default:
                var none = il.DeclareLocal(typeof(CallContext));
                il.Emit(OpCodes.Ldloca_S, none);
                il.Emit(OpCodes.Initobj, typeof(CallContext));
                il.Emit(OpCodes.Ldloc, none);
                break;
        }
        il.Emit(OpCodes.Callvirt, adapter);
        il.Emit(OpCodes.Ret);
    }

    private static void EmitNotSupported(TypeBuilder type, MethodInfo method)
    {
        var implementation = DefineOverride(type, method, method.GetParameters());
        var il = implementation.GetILGenerator();
        il.Emit(OpCodes.Ldstr, $"{method.DeclaringType}.{method.Name} is not a gRPC operation of the contract.");
        il.Emit(OpCodes.Newobj, typeof(NotSupportedException).GetConstructor([typeof(string)])!);
        il.Emit(OpCodes.Throw);
    }

    private static MethodBuilder DefineOverride(TypeBuilder type, MethodInfo method, ParameterInfo[] parameters)
    {
        var implementation = type.DefineMethod($"{method.DeclaringType!.FullName}.{method.Name}",
            MethodAttributes.Private | MethodAttributes.Final | MethodAttributes.HideBySig | MethodAttributes.NewSlot | MethodAttributes.Virtual,
            method.ReturnType, parameters.Select(p => p.ParameterType).ToArray());
        type.DefineMethodOverride(implementation, method);
        return implementation;
    }

    /// <summary>
    /// Lets the proxies call this assembly's internal <see cref="ClientMethod{TRequest, TResponse}"/> and implement
    /// internal interfaces of <paramref name="assembly"/>: the runtime honours <c>IgnoresAccessChecksToAttribute</c>
    /// defined in the dynamic assembly itself.
    /// </summary>
    private static void GrantAccess(Assembly assembly)
    {
        lock (Granted)
        {
            if (Granted.Add(assembly))
            {
                Dynamic.Assembly.SetCustomAttribute(new CustomAttributeBuilder(Dynamic.IgnoresAccessChecksTo, [assembly.GetName().Name!]));
            }
        }
    }

    private static ConstructorInfo DefineIgnoresAccessChecksTo(ModuleBuilder module)
    {
        var attribute = module.DefineType("System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute",
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(Attribute));
        attribute.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(AttributeUsageAttribute).GetConstructor([typeof(AttributeTargets)])!, [AttributeTargets.Assembly],
            [typeof(AttributeUsageAttribute).GetProperty(nameof(AttributeUsageAttribute.AllowMultiple))!], [true]));
        var name = attribute.DefineField("_assemblyName", typeof(string), FieldAttributes.Private | FieldAttributes.InitOnly);
        var constructor = attribute.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [typeof(string)]);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(Attribute).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, name);
        il.Emit(OpCodes.Ret);
        return attribute.CreateType().GetConstructor([typeof(string)])!;
    }
}
