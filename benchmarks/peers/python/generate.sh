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

if [[ $# -ne 2 ]]; then
  echo "usage: $0 PROTOS_DIR OUT_DIR" >&2
  exit 2
fi
if [[ ! -f "$1/helloworld/helloworld.proto" ]]; then
  echo "error: $1/helloworld/helloworld.proto not found" >&2
  exit 2
fi
protos="$(cd "$1" && pwd)"
out="$(out_dir_argument "$2")"
require_python_generators
protoc_python_grpc "$protos" "$out" helloworld/helloworld.proto
echo "generated $out/helloworld/helloworld_pb2{,_grpc}.py"
