#!/usr/bin/env bash
# Builds the Go order service client (tests/Polyglot/go/main.go) into OUT_DIR/orders-client, on
# Debian's grpc-go 1.33 in GOPATH mode (no Go module downloads):
#   apt-get install -y golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev \
#     golang-google-genproto-dev protoc-gen-go protoc-gen-go-grpc protobuf-compiler
#
# Usage: tests/Polyglot/go/build.sh OUT_DIR
#
# protoc-gen-go and protoc-gen-go-grpc generate the order service's Go package from the exported
# generated-protos/order/v1/order.proto into a temporary GOPATH. The proto has no go_package option,
# so the M option maps it to the import path the client uses (codefirst/polyglot/orderv1). The
# google.rpc error details (ErrorInfo, BadRequest) come precompiled with golang-google-genproto-dev.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../lib/peers.sh"

out="$(out_dir_argument "$@")"
go_gopath codefirst-polyglot-go "install the Debian packages listed at the top of $0"
require_gocode google.golang.org/genproto/googleapis/rpc/errdetails golang-google-genproto-dev
protoc_go_grpc "$here/../../../generated-protos" "Morder/v1/order.proto=codefirst/polyglot/orderv1;orderv1" order/v1/order.proto
mkdir -p "$gopath/src/codefirst/polyglot/client"
cp "$here/main.go" "$gopath/src/codefirst/polyglot/client/main.go"

go vet codefirst/polyglot/client
go build -o "$out/orders-client" codefirst/polyglot/client
echo "built $out/orders-client"
