using CodeFirst.Grpc;

// Every contract in this assembly is in the order.v1 package, exported to order/v1/order.proto.
[assembly: ProtoPackage("order.v1")]
