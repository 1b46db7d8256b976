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
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../../.."
source "$root/tests/lib/peers.sh"

out="$(out_dir_argument "$@")"
require_python_generators
protoc_python_grpc "$root/generated-protos" "$out" order/v1/order.proto
"$protoc" -I "$root/tests/CodeFirst.Grpc.Tests/Reference" \
  --python_out="$out" \
  google/rpc/status.proto google/rpc/error_details.proto
echo "generated $out/order/v1/order_pb2{,_grpc}.py $out/google/rpc/{status,error_details}_pb2.py"
