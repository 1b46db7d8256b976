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
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../lib/peers.sh"

out="$(out_dir_argument "$@")"
go_gopath codefirst-interop-go "install the Debian packages listed at the top of $0"
protoc_go_grpc "$here/../protos" "Mgrpc/testing/test.proto=codefirst/interop/grpc_testing;grpc_testing" grpc/testing/test.proto
for program in client server probe; do
  mkdir -p "$gopath/src/codefirst/interop/$program"
  cp "$here/$program/main.go" "$gopath/src/codefirst/interop/$program/main.go"
done

go vet codefirst/interop/client codefirst/interop/server codefirst/interop/probe
go build -o "$out/interop-client" codefirst/interop/client
go build -o "$out/interop-server" codefirst/interop/server
go build -o "$out/interop-probe" codefirst/interop/probe
echo "built $out/interop-client $out/interop-server $out/interop-probe"
