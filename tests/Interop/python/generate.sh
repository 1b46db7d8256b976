#!/usr/bin/env bash
# Generates the Python protobuf and gRPC modules for the interop contract into OUT_DIR:
#   OUT_DIR/test_pb2.py, OUT_DIR/test_pb2_grpc.py
# from the exported tests/Interop/protos/grpc/testing/test.proto, with Debian's protoc and
# grpc_python_plugin (apt-get install protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf).
#
# Usage: tests/Interop/python/generate.sh OUT_DIR
#
# The proto is compiled from its own folder (-I .../grpc/testing), so the modules are top-level
# test_pb2/test_pb2_grpc: compiled from the proto root they would be the Python package
# grpc.testing, which the grpcio package 'grpc' shadows.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
out="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
protos="$here/../protos/grpc/testing"

protoc="${PROTOC:-/usr/bin/protoc}"
plugin="${GRPC_PYTHON_PLUGIN:-/usr/bin/grpc_python_plugin}"
for tool in "$protoc" "$plugin"; do
  if [[ ! -x "$tool" ]]; then
    echo "error: $tool not found; install it with: apt-get install -y protobuf-compiler protobuf-compiler-grpc" >&2
    exit 3
  fi
done

mkdir -p "$out"
"$protoc" -I "$protos" \
  --python_out="$out" \
  --grpc_python_out="$out" --plugin=protoc-gen-grpc_python="$plugin" \
  test.proto
echo "generated $out/test_pb2.py $out/test_pb2_grpc.py"
