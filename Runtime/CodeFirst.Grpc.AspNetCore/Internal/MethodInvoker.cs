using System.Linq.Expressions;
using CodeFirst.Grpc.Contracts;

namespace CodeFirst.Grpc.AspNetCore.Internal;

/// <summary>
/// Builds, once per method, a delegate that calls a service method with its request (or request
/// stream) and a <see cref="CallContext"/>, whatever the method's own signature: <c>Task</c> or
/// <c>ValueTask</c>, with a <c>CallContext</c>, a <c>CancellationToken</c> or neither. Compiled
/// expression trees, so a call costs one delegate invocation and no reflection.
/// </summary>
internal static class MethodInvoker
{
    /// <summary>A delegate of type <typeparamref name="TDelegate"/>: (TService, TIn, CallContext) -> TOut.</summary>
    public static TDelegate Create<TDelegate>(MethodContract method, Type serviceType, Type inputType)
        where TDelegate : Delegate
    {
        var service = Expression.Parameter(serviceType, "service");
        var input = Expression.Parameter(inputType, "input");
        var context = Expression.Parameter(typeof(CallContext), "context");
        Expression[] arguments = method.Context switch
        {
            ContextForm.CallContext => [input, context],
            ContextForm.CancellationToken => [input, Expression.Property(context, nameof(CallContext.CancellationToken))],
            _ => [input],
        };
        Expression call = Expression.Call(Expression.Convert(service, method.Method.DeclaringType!), method.Method, arguments);
        if (method.Shape.Response == ResponseForm.Task)
        {
            // Task<T> -> ValueTask<T>, so every handler awaits one type.
            var valueTask = typeof(ValueTask<>).MakeGenericType(method.ResponseType);
            call = Expression.New(valueTask.GetConstructor([typeof(Task<>).MakeGenericType(method.ResponseType)])!, call);
        }
        return Expression.Lambda<TDelegate>(call, service, input, context).Compile();
    }
}
