#!/usr/bin/env bash
# Generates the Python modules of the helloworld contract for the grpcio peer server of the benchmark harness
# (benchmarks/peers/python/greeter_server.py) into OUT_DIR, with Debian's protoc and grpc_python_plugin
# (apt-get install -y protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf):
#   OUT_DIR/helloworld/helloworld_pb2.py, OUT_DIR/helloworld/helloworld_pb2_grpc.py
#     from PROTOS_DIR/helloworld/helloworld.proto (exported from our C# contracts)
#
# Usage: benchmarks/peers/python/generate.sh PROTOS_DIR OUT_DIR
# Exits 2 on bad usage, 3 when a tool is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../../tests/lib/peers.sh"

protos_and_out_arguments helloworld/helloworld.proto "$@"
require_python_generators
protoc_python_grpc "$protos" "$out" helloworld/helloworld.proto
echo "generated $out/helloworld/helloworld_pb2{,_grpc}.py"
