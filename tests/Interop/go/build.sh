#!/usr/bin/env bash
# Builds the Go interop client (tests/Interop/go/client/main.go) into OUT_DIR/interop-client, the
# interop test server (tests/Interop/go/server/main.go) into OUT_DIR/interop-server and the
# reflection and health probe (tests/Interop/go/probe/main.go) into OUT_DIR/interop-probe, on
# Debian's grpc-go 1.33 in GOPATH mode (no Go module downloads):
#   apt-get install -y golang-go golang-google-grpc-dev golang-google-protobuf-dev protoc-gen-go \
#     protoc-gen-go-grpc golang-github-golang-protobuf-1-5-dev golang-golang-x-net-dev protobuf-compiler
#
# Usage: tests/Interop/go/build.sh OUT_DIR
#
# The Go code for the contract is generated from the exported tests/Interop/protos/grpc/testing/test.proto
# by protoc-gen-go and protoc-gen-go-grpc into a temporary GOPATH. The exported proto has no
# go_package option, so the M options map it to the GOPATH import path the client and the server
# import. The probe needs no generated code: it uses grpc-go's own reflection (v1alpha) and health
# clients.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
protos="$here/../protos"
mkdir -p "$1"
out="$(cd "$1" && pwd)"

protoc="${PROTOC:-protoc}"
for tool in go "$protoc" protoc-gen-go protoc-gen-go-grpc; do
  if ! command -v "$tool" >/dev/null; then
    echo "error: $tool not found; install the Debian packages listed at the top of $0" >&2
    exit 3
  fi
done
if [[ ! -d /usr/share/gocode/src/google.golang.org/grpc ]]; then
  echo "error: /usr/share/gocode has no google.golang.org/grpc; apt-get install -y golang-google-grpc-dev" >&2
  exit 3
fi

gopath="$(mktemp -d "${TMPDIR:-/tmp}/codefirst-interop-go.XXXXXX")"
trap 'rm -rf "$gopath"' EXIT
package="codefirst/interop/grpc_testing"
mapping="Mgrpc/testing/test.proto=$package;grpc_testing"
mkdir -p "$gopath/src/codefirst/interop/client" "$gopath/src/codefirst/interop/server" "$gopath/src/codefirst/interop/probe"
"$protoc" -I "$protos" \
  --go_out="$gopath/src" --go_opt="$mapping" \
  --go-grpc_out="$gopath/src" --go-grpc_opt="$mapping" \
  grpc/testing/test.proto
cp "$here/client/main.go" "$gopath/src/codefirst/interop/client/main.go"
cp "$here/server/main.go" "$gopath/src/codefirst/interop/server/main.go"
cp "$here/probe/main.go" "$gopath/src/codefirst/interop/probe/main.go"

export GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOFLAGS=
export GOCACHE="${GOCACHE:-$(go env GOCACHE)}"
go vet codefirst/interop/client codefirst/interop/server codefirst/interop/probe
go build -o "$out/interop-client" codefirst/interop/client
go build -o "$out/interop-server" codefirst/interop/server
go build -o "$out/interop-probe" codefirst/interop/probe
echo "built $out/interop-client $out/interop-server $out/interop-probe"
