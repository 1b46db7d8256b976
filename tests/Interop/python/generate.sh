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
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../lib/peers.sh"

out="$(out_dir_argument "$@")"
require_python_generators
protoc_python_grpc "$here/../protos/grpc/testing" "$out" test.proto
echo "generated $out/test_pb2.py $out/test_pb2_grpc.py"
