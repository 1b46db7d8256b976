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

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
protos="$here/../../../generated-protos"
mkdir -p "$1"
out="$(cd "$1" && pwd)"

protoc="${PROTOC:-protoc}"
for tool in go "$protoc" protoc-gen-go protoc-gen-go-grpc; do
  if ! command -v "$tool" >/dev/null; then
    echo "error: $tool not found; install the Debian packages listed at the top of $0" >&2
    exit 3
  fi
done
for package in google.golang.org/grpc:golang-google-grpc-dev google.golang.org/genproto/googleapis/rpc/errdetails:golang-google-genproto-dev; do
  if [[ ! -d "/usr/share/gocode/src/${package%%:*}" ]]; then
    echo "error: /usr/share/gocode has no ${package%%:*}; apt-get install -y ${package##*:}" >&2
    exit 3
  fi
done

gopath="$(mktemp -d "${TMPDIR:-/tmp}/codefirst-polyglot-go.XXXXXX")"
trap 'rm -rf "$gopath"' EXIT
mapping="Morder/v1/order.proto=codefirst/polyglot/orderv1;orderv1"
mkdir -p "$gopath/src/codefirst/polyglot/client"
"$protoc" -I "$protos" \
  --go_out="$gopath/src" --go_opt="$mapping" \
  --go-grpc_out="$gopath/src" --go-grpc_opt="$mapping" \
  order/v1/order.proto
cp "$here/main.go" "$gopath/src/codefirst/polyglot/client/main.go"

export GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOFLAGS=
export GOCACHE="${GOCACHE:-$(go env GOCACHE)}"
go vet codefirst/polyglot/client
go build -o "$out/orders-client" codefirst/polyglot/client
echo "built $out/orders-client"
