#!/usr/bin/env bash
# Generates the Python modules for the order service into OUT_DIR, with Debian's protoc and
# grpc_python_plugin (apt-get install -y protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf):
#   OUT_DIR/order/v1/order_pb2.py, OUT_DIR/order/v1/order_pb2_grpc.py   from generated-protos/order/v1/order.proto
#   OUT_DIR/google/rpc/status_pb2.py, OUT_DIR/google/rpc/error_details_pb2.py
# The google.rpc modules decode the rich error details (grpc-status-details-bin); Debian packages
# no Python code for them, so they are compiled from the copy in tests/CodeFirst.Grpc.Tests/Reference.
# Python's 'google' is a namespace package, so OUT_DIR/google/rpc sits beside the installed google.protobuf.
#
# Usage: tests/Polyglot/python/generate.sh OUT_DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
out="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../../.."

protoc="${PROTOC:-/usr/bin/protoc}"
plugin="${GRPC_PYTHON_PLUGIN:-/usr/bin/grpc_python_plugin}"
for tool in "$protoc" "$plugin"; do
  if [[ ! -x "$tool" ]]; then
    echo "error: $tool not found; install it with: apt-get install -y protobuf-compiler protobuf-compiler-grpc" >&2
    exit 3
  fi
done

mkdir -p "$out"
"$protoc" -I "$root/generated-protos" \
  --python_out="$out" \
  --grpc_python_out="$out" --plugin=protoc-gen-grpc_python="$plugin" \
  order/v1/order.proto
"$protoc" -I "$root/tests/CodeFirst.Grpc.Tests/Reference" \
  --python_out="$out" \
  google/rpc/status.proto google/rpc/error_details.proto
echo "generated $out/order/v1/order_pb2{,_grpc}.py $out/google/rpc/{status,error_details}_pb2.py"
