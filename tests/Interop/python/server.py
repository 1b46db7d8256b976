#!/usr/bin/python3
"""gRPC interop reference server (grpc.testing.TestService) on Debian's grpcio.

Implements the server features of grpc's doc/interop-test-descriptions.md: EmptyCall, UnaryCall,
CacheableUnaryCall, StreamingInputCall, StreamingOutputCall, FullDuplexCall, HalfDuplexCall,
CompressedResponse, CompressedRequest, Echo Status, Echo Metadata and ResponseParameters.interval_us.
UnimplementedCall and grpc.testing.UnimplementedService are left unimplemented on purpose.

Usage (Debian's python: /usr/bin/python3, with python3-grpcio and python3-protobuf):
    tests/Interop/python/server.py --port 50051 [--host 127.0.0.1] [--no_sniffer]
    --port 0 picks a free port. Once serving, prints one line "listening on HOST:PORT" to stdout.
The generated modules are made by generate.sh into a temporary folder at start-up
(or taken from --generated DIR).

grpcio hides whether a request message was compressed, which CompressedRequest (expect_compressed)
needs. So by default the public port is an h2sniff relay in front of grpcio (which listens on a
private loopback port): the relay records each request message's compressed flag and tags the
stream so the servicer finds it. With --no_sniffer, grpcio serves the port itself and
expect_compressed is not checked (a warning is logged per request that asks for it).
"""

import argparse
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent import futures

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree (h2sniff) or the generated folder

import grpc  # noqa: E402

import h2sniff  # noqa: E402

ECHO_INITIAL = "x-grpc-test-echo-initial"
ECHO_TRAILING = "x-grpc-test-echo-trailing-bin"
SERVER_ID = "codefirst-python-reference"

log = logging.getLogger("interop-server")
STATUS_BY_CODE = {status.value[0]: status for status in grpc.StatusCode}


def load_generated(directory):
    if directory is None:
        directory = tempfile.mkdtemp(prefix="codefirst-interop-py-")
        subprocess.run([os.path.join(HERE, "generate.sh"), directory], check=True, stdout=subprocess.DEVNULL)
    sys.path.insert(0, directory)
    import test_pb2  # noqa: E402

    return test_pb2, directory


class TestService:
    """Built around the generated modules, which are only importable once generated."""

    def __init__(self, pb, observations):
        self.pb = pb
        self.observations = observations

    # --- shared features -------------------------------------------------------------------------

    def echo_metadata(self, context):
        """Echo Metadata: x-grpc-test-echo-initial back as initial metadata, -trailing-bin as trailing."""
        metadata = context.invocation_metadata()
        initial = [(m.key, m.value) for m in metadata if m.key == ECHO_INITIAL]
        trailing = [(m.key, m.value) for m in metadata if m.key == ECHO_TRAILING]
        if initial:
            context.send_initial_metadata(initial)
        if trailing:
            context.set_trailing_metadata(trailing)

    def echo_status(self, request, context):
        """Echo Status: end the call with request.response_status when it is set and not OK."""
        if request.HasField("response_status") and request.response_status.code != 0:
            code = STATUS_BY_CODE.get(request.response_status.code, grpc.StatusCode.UNKNOWN)
            context.abort(code, request.response_status.message)

    def check_compression(self, request, context, index):
        """CompressedRequest: the index-th request message's compression must be what expect_compressed says."""
        if not request.HasField("expect_compressed"):
            return
        expected = request.expect_compressed.value
        key = next((m.value for m in context.invocation_metadata() if m.key == h2sniff.TAG_HEADER), None)
        flags = self.observations.flags(key) if key is not None and self.observations is not None else None
        if flags is None or index >= len(flags):
            log.warning("cannot tell whether request %d was compressed (no sniffer record); expect_compressed not checked", index)
            return
        if flags[index] != expected:
            context.abort(
                grpc.StatusCode.INVALID_ARGUMENT,
                "Expected compressed request but got uncompressed request from client."
                if expected
                else "Expected uncompressed request but got compressed request from client.",
            )

    def payload(self, response_type, size, context):
        if response_type != self.pb.COMPRESSABLE:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"response type {response_type} is not supported")
        if size < 0:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"response size {size} is negative")
        return self.pb.Payload(type=self.pb.COMPRESSABLE, body=bytes(size))

    def stream_responses(self, request, context):
        """One StreamingOutputCallResponse per ResponseParameters, after interval_us each, compressed as asked.

        grpcio compresses per call (set_compression, effective only before the initial metadata goes
        out, that is before the first response) and can exempt single messages; so a request asking
        for any compressed response turns gzip on for the call and exempts the others.
        """
        if any(p.HasField("compressed") and p.compressed.value for p in request.response_parameters):
            context.set_compression(grpc.Compression.Gzip)
        for parameters in request.response_parameters:
            if parameters.interval_us > 0:
                time.sleep(parameters.interval_us / 1e6)
            if not (parameters.HasField("compressed") and parameters.compressed.value):
                context.disable_next_message_compression()
            yield self.pb.StreamingOutputCallResponse(payload=self.payload(request.response_type, parameters.size, context))

    # --- TestService -------------------------------------------------------------------------------

    def EmptyCall(self, request, context):
        self.echo_metadata(context)
        return self.pb.Empty()

    def UnaryCall(self, request, context):
        # Before echo_metadata: grpcio applies set_compression only while the initial metadata is unsent.
        if request.HasField("response_compressed"):
            context.set_compression(grpc.Compression.Gzip if request.response_compressed.value else grpc.Compression.NoCompression)
        self.echo_metadata(context)
        self.check_compression(request, context, 0)
        self.echo_status(request, context)
        response = self.pb.SimpleResponse(payload=self.payload(request.response_type, request.response_size, context))
        if request.fill_server_id:
            response.server_id = SERVER_ID
        if request.fill_grpclb_route_type:
            response.grpclb_route_type = self.pb.GRPCLB_ROUTE_TYPE_UNKNOWN
        return response

    def CacheableUnaryCall(self, request, context):
        self.echo_metadata(context)
        context.send_initial_metadata([("cache-control", "max-age=60, public")])
        return self.pb.SimpleResponse(payload=self.pb.Payload(type=self.pb.COMPRESSABLE, body=str(time.time_ns()).encode("ascii")))

    def StreamingOutputCall(self, request, context):
        self.echo_metadata(context)
        self.echo_status(request, context)
        yield from self.stream_responses(request, context)

    def StreamingInputCall(self, request_iterator, context):
        self.echo_metadata(context)
        total = 0
        for index, request in enumerate(request_iterator):
            self.check_compression(request, context, index)
            total += len(request.payload.body)
        return self.pb.StreamingInputCallResponse(aggregated_payload_size=total)

    def FullDuplexCall(self, request_iterator, context):
        self.echo_metadata(context)
        for request in request_iterator:
            self.echo_status(request, context)
            yield from self.stream_responses(request, context)

    def HalfDuplexCall(self, request_iterator, context):
        self.echo_metadata(context)
        requests = list(request_iterator)
        for request in requests:
            self.echo_status(request, context)
            yield from self.stream_responses(request, context)


def test_service_handler(pb, service):
    """grpc.testing.TestService without UnimplementedCall, so grpcio itself answers UNIMPLEMENTED for it
    (as for the unregistered grpc.testing.UnimplementedService)."""
    unary, streaming = grpc.unary_unary_rpc_method_handler, grpc.unary_stream_rpc_method_handler
    client_streaming, duplex = grpc.stream_unary_rpc_method_handler, grpc.stream_stream_rpc_method_handler
    methods = {
        "EmptyCall": (unary, pb.Empty, pb.Empty),
        "UnaryCall": (unary, pb.SimpleRequest, pb.SimpleResponse),
        "CacheableUnaryCall": (unary, pb.SimpleRequest, pb.SimpleResponse),
        "StreamingOutputCall": (streaming, pb.StreamingOutputCallRequest, pb.StreamingOutputCallResponse),
        "StreamingInputCall": (client_streaming, pb.StreamingInputCallRequest, pb.StreamingInputCallResponse),
        "FullDuplexCall": (duplex, pb.StreamingOutputCallRequest, pb.StreamingOutputCallResponse),
        "HalfDuplexCall": (duplex, pb.StreamingOutputCallRequest, pb.StreamingOutputCallResponse),
    }
    handlers = {
        name: make(getattr(service, name), request_deserializer=request.FromString, response_serializer=response.SerializeToString)
        for name, (make, request, response) in methods.items()
    }
    return grpc.method_handlers_generic_handler("grpc.testing.TestService", handlers)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True, help="port to listen on (0: any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--use_tls", default="false", choices=["false"], help="plaintext only")
    parser.add_argument("--no_sniffer", action="store_true", help="serve grpcio directly; expect_compressed is then not checked")
    parser.add_argument("--generated", help="folder with generate.sh's test_pb2.py (default: generate into a temporary folder)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)

    pb, generated = load_generated(args.generated)
    relay = None
    try:
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
        if args.no_sniffer:
            service = TestService(pb, None)
            port = server.add_insecure_port(f"{args.host}:{args.port}")
        else:
            internal = server.add_insecure_port("127.0.0.1:0")
            relay = h2sniff.SniffingRelay(("127.0.0.1", internal), host=args.host, port=args.port, sniff="upstream", tag_streams=True)
            service = TestService(pb, relay.observations)
            port = relay.port
        if port == 0:
            raise SystemExit(f"could not listen on {args.host}:{args.port}")
        server.add_generic_rpc_handlers((test_service_handler(pb, service),))
        server.start()
        print(f"listening on {args.host}:{port}", flush=True)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        stop.wait()
        server.stop(grace=1).wait()
    finally:
        if relay is not None:
            relay.close()
        if args.generated is None:
            shutil.rmtree(generated, ignore_errors=True)


if __name__ == "__main__":
    main()
