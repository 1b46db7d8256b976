using System.Text;

namespace CodeFirst.Grpc.Contracts.Internal;

/// <summary>Protobuf naming conventions applied to C# names.</summary>
internal static class ProtoNames
{
    /// <summary><c>CustomerId</c> -> <c>customer_id</c>; <c>HTTPCode</c> -> <c>http_code</c>.</summary>
    public static string ToSnakeCase(string name) => Words(name, upper: false);

    /// <summary><c>OrderStatus</c> -> <c>ORDER_STATUS</c>.</summary>
    public static string ToUpperSnakeCase(string name) => Words(name, upper: true);

    private static string Words(string name, bool upper)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_')
            {
                if (builder.Length > 0 && builder[^1] != '_')
                {
                    builder.Append('_');
                }
                continue;
            }
            if (char.IsUpper(c) && i > 0 && builder.Length > 0 && builder[^1] != '_')
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    builder.Append('_');
                }
            }
            builder.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    /// <summary>Drops a trailing <c>Async</c> from a method name.</summary>
    public static string MethodName(string name) =>
        name.Length > 5 && name.EndsWith("Async", StringComparison.Ordinal) ? name[..^5] : name;

    /// <summary>Drops the leading <c>I</c> of an interface name (<c>IOrderService</c> -> <c>OrderService</c>).</summary>
    public static string ServiceName(string interfaceName) =>
        interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1]) ? interfaceName[1..] : interfaceName;

    public static bool IsValidIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A package version segment: <c>v1</c>, <c>v2beta1</c>, <c>v1alpha</c>.</summary>
    public static bool IsVersion(string segment) =>
        System.Text.RegularExpressions.Regex.IsMatch(segment, "^v[0-9]+((alpha|beta)[0-9]*)?$");

    /// <summary><c>my_map</c> -> <c>MyMap</c>, as protoc names map entry types.</summary>
    public static string ToPascalCase(string snake)
    {
        var builder = new StringBuilder(snake.Length);
        var upper = true;
        foreach (var c in snake)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return builder.ToString();
    }

    public static bool IsValidPackage(string package) =>
        package.Length == 0 || package.Split('.').All(IsValidIdentifier);
}
