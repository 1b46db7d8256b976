#!/usr/bin/python3
"""grpcio peer server of the benchmark harness: the helloworld contract exported from our C# contracts
(helloworld.Greeter and helloworld.StreamingGreeter) on Debian's python3-grpcio 1.51.

    benchmarks/peers/python/generate.sh "$PROTOS" /tmp/peers-py
    /usr/bin/python3 benchmarks/peers/python/greeter_server.py --port 50051 --gen /tmp/peers-py

Run it with Debian's /usr/bin/python3 (the one with python3-grpcio and python3-protobuf); --gen is
generate.sh's OUT_DIR. It serves with grpc.aio, grpcio's asyncio server: streaming handlers are plain
async generators, and it is faster than grpcio's thread-pool server. Server options are grpcio's defaults,
as in grpc_bench: no interceptors, no per-call logging, no reflection. It listens on 127.0.0.1 only (h2c),
prints "listening on 127.0.0.1:N" once it is, and on SIGTERM or SIGINT stops gracefully (at most 2 s,
then in-flight calls are cancelled) and exits 0.
"""

import argparse
import asyncio
import signal
import sys

STOP_GRACE = 2.0  # seconds the graceful stop may take before in-flight calls are cancelled


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--gen", required=True, help="generate.sh's OUT_DIR (helloworld/helloworld_pb2*.py)")
    parsed = parser.parse_args()
    if not 0 <= parsed.port <= 65535:
        parser.error("--port must be in 0..65535")
    return parsed


args = parse_args()
sys.path.insert(0, args.gen)
try:
    import grpc
    from helloworld import helloworld_pb2 as pb
    from helloworld import helloworld_pb2_grpc
except ImportError as missing:
    sys.exit(f"{missing}: run with /usr/bin/python3 and benchmarks/peers/python/generate.sh's OUT_DIR as --gen")


class Greeter(helloworld_pb2_grpc.GreeterServicer):
    async def SayHello(self, request, context):
        return pb.HelloReply(message="Hello " + request.name)


class StreamingGreeter(helloworld_pb2_grpc.StreamingGreeterServicer):
    async def SayHelloStream(self, request, context):
        # count replies "Hello " + name; none when count <= 0.
        for _ in range(request.count):
            yield pb.HelloReply(message="Hello " + request.name)

    async def SayHelloEach(self, request_iterator, context):
        # One reply per request as it arrives; ends when the client half-closes.
        async for request in request_iterator:
            yield pb.HelloReply(message="Hello " + request.name)


async def serve(port):
    server = grpc.aio.server()
    helloworld_pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
    helloworld_pb2_grpc.add_StreamingGreeterServicer_to_server(StreamingGreeter(), server)
    try:
        bound = server.add_insecure_port(f"127.0.0.1:{port}")
    except RuntimeError as error:  # grpcio 1.51 raises when it cannot bind
        sys.exit(f"error: {error}")
    await server.start()

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(f"listening on 127.0.0.1:{bound}", flush=True)

    await stop.wait()
    await server.stop(STOP_GRACE)


asyncio.run(serve(args.port))
