namespace CodeFirst.Interop.Contracts;

/// <summary>Where the interop contract exports to, and the protobuf package it is in.</summary>
public static class Interop
{
    /// <summary>The protobuf package of every interop type (<c>grpc.testing</c>).</summary>
    public const string Package = "grpc.testing";

    /// <summary>
    /// The single exported file, relative to the proto root (<c>tests/Interop/protos</c>). Upstream splits the
    /// same package over empty.proto, messages.proto and test.proto; one file is the same wire contract.
    /// </summary>
    public const string ProtoFile = "grpc/testing/test.proto";
}
