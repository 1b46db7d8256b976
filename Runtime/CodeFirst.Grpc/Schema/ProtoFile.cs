namespace CodeFirst.Grpc.Schema;

/// <summary>One exported .proto file.</summary>
/// <param name="Path">The path relative to the proto root, with forward slashes (<c>order/v1/order.proto</c>).</param>
/// <param name="Content">The file's text, with <c>\n</c> line endings.</param>
public sealed record ProtoFile(string Path, string Content);
