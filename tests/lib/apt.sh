# Shared by .ci/run and benchmarks/install-peers.sh; source it.

# The Go and Python gRPC peers (tests/Interop, tests/Polyglot, benchmarks/peers), from Debian: Go (grpc-go 1.33 in
# GOPATH mode, with the protobuf-go 1.5 API package: the default 1.3 one makes grpc-go panic on new protoc-gen-go
# code, so it must be installed in the same apt-get call), protoc with the Go and Python gRPC plugins, and grpcio.
PEER_PACKAGES=(
  golang-go
  golang-google-grpc-dev
  golang-google-protobuf-dev
  golang-github-golang-protobuf-1-5-dev
  golang-golang-x-net-dev
  protoc-gen-go
  protoc-gen-go-grpc
  protobuf-compiler
  protobuf-compiler-grpc
  python3-grpcio
  python3-protobuf
)

# apt_install_missing PACKAGE...: when any PACKAGE is not installed, installs them all in one apt-get call (through sudo
# unless root). All of them, not only the missing ones: installed together, apt picks the protobuf 1.5 API package
# for grpc-go (alone it would pull in the 1.3 one, which makes grpc-go panic on new protoc-gen-go code).
apt_install_missing() {
  local missing=() package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "apt: all $# packages installed"
    return
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
  fi
  echo "apt: missing ${missing[*]}"
  printf '+ %s\n' "${sudo[*]:+${sudo[*]} }apt-get update -qq"
  "${sudo[@]}" apt-get update -qq
  # dpkg's per-package progress goes to /dev/null; apt's errors (stderr) still show.
  printf '+ %s\n' "${sudo[*]:+${sudo[*]} }apt-get install -y -qq --no-install-recommends $*"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
