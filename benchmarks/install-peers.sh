#!/usr/bin/env bash
# Installs what the side-by-side benchmarks need, if missing (the Bench target of build.cake runs this first):
#   Debian: h2load (nghttp2-client); grpc-go 1.33 with protoc and its Go plugins; Python grpcio with protoc's
#   Python plugin.  npm (repository root, pinned in package-lock.json): @grpc/grpc-js and @grpc/proto-loader.
# Root or sudo is needed only when a Debian package is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tests/lib/apt.sh

BENCH_PACKAGES=("${PEER_PACKAGES[@]}" nghttp2-client)
apt_install_missing "${BENCH_PACKAGES[@]}"

if ! command -v node >/dev/null 2>&1; then
  echo "error: node is not installed: apt-get install -y nodejs npm" >&2
  exit 3
fi
if [[ ! -f node_modules/@grpc/grpc-js/package.json || ! -f node_modules/@grpc/proto-loader/package.json ]]; then
  echo "+ npm ci --no-audit --no-fund"
  npm ci --no-audit --no-fund
fi
echo "benchmark peers: installed"
