#!/usr/bin/env bash
# Builds the grpc-go peer server of the benchmark harness (benchmarks/peers/go/main.go) into OUT_DIR/greeter-go,
# on Debian's grpc-go 1.33 in GOPATH mode (no Go module downloads):
#   apt-get install -y golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev \
#     golang-golang-x-net-dev protoc-gen-go protoc-gen-go-grpc protobuf-compiler
#
# Usage: benchmarks/peers/go/build.sh PROTOS_DIR OUT_DIR
#
# protoc-gen-go and protoc-gen-go-grpc generate the Go package from the exported PROTOS_DIR/helloworld/helloworld.proto
# into a temporary GOPATH. The proto has no go_package option, so the M option maps it to the import path
# the server uses (codefirst/bench/helloworld). Exits 2 on bad usage, 3 when a tool or package is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../../tests/lib/peers.sh"

protos_and_out_arguments helloworld/helloworld.proto "$@"
go_gopath codefirst-bench-go "install the Debian packages listed at the top of $0"
protoc_go_grpc "$protos" "Mhelloworld/helloworld.proto=codefirst/bench/helloworld;helloworld" helloworld/helloworld.proto
mkdir -p "$gopath/src/codefirst/bench/greeter-go"
cp "$here/main.go" "$gopath/src/codefirst/bench/greeter-go/main.go"

go vet codefirst/bench/greeter-go
go build -o "$out/greeter-go" codefirst/bench/greeter-go
echo "built $out/greeter-go"
