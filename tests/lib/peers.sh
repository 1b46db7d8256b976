# Shared by the peers' build and generation scripts (tests/Interop/*, tests/Polyglot/*); source it.
# A missing tool exits 3: the C# tests (CodeFirst.Testing's PeerTools) turn that into a skip, or a failure
# under CI, that names the install command.

# out_dir_argument "$@": the single OUT_DIR argument, created, as an absolute path (exit 2 on bad usage).
out_dir_argument() {
  if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
  fi
  mkdir -p "$1"
  (cd "$1" && pwd)
}

# protos_and_out_arguments FILE "$@": the PROTOS_DIR OUT_DIR arguments of the benchmark peers' scripts; PROTOS_DIR must
# hold FILE (a path relative to it). Sets $protos (absolute) and $out (created, absolute); exits 2 on bad usage.
protos_and_out_arguments() {
  local file="$1"
  shift
  if [[ $# -ne 2 ]]; then
    echo "usage: $0 PROTOS_DIR OUT_DIR" >&2
    exit 2
  fi
  if [[ ! -f "$1/$file" ]]; then
    echo "error: $1/$file not found" >&2
    exit 2
  fi
  protos="$(cd "$1" && pwd)"
  out="$(out_dir_argument "$2")"
}

# require_tool TOOL HOW: TOOL (a name on PATH or a path) must be executable; else exit 3 saying HOW to install it.
require_tool() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "error: $1 not found; $2" >&2
    exit 3
  fi
}

# require_gocode IMPORT_PATH PACKAGE: Debian's Go sources must hold IMPORT_PATH; else exit 3 naming PACKAGE.
require_gocode() {
  if [[ ! -d "/usr/share/gocode/src/$1" ]]; then
    echo "error: /usr/share/gocode has no $1; install it with: apt-get install -y $2" >&2
    exit 3
  fi
}

# protoc_python_grpc INCLUDE OUT FILE...: protoc's Python messages and grpcio's stubs for FILE(s).
# Needs $protoc and $python_plugin (see require_python_generators).
protoc_python_grpc() {
  local include="$1" out="$2"
  shift 2
  "$protoc" -I "$include" \
    --python_out="$out" \
    --grpc_python_out="$out" --plugin=protoc-gen-grpc_python="$python_plugin" \
    "$@"
}

# require_python_generators: sets $protoc and $python_plugin (Debian's, unless PROTOC or
# GRPC_PYTHON_PLUGIN say otherwise) and checks both.
require_python_generators() {
  protoc="${PROTOC:-/usr/bin/protoc}"
  python_plugin="${GRPC_PYTHON_PLUGIN:-/usr/bin/grpc_python_plugin}"
  require_tool "$protoc" "install it with: apt-get install -y protobuf-compiler"
  require_tool "$python_plugin" "install it with: apt-get install -y protobuf-compiler-grpc"
}

# go_gopath PREFIX HOW: checks go, protoc and its Go plugins (exit 3 saying HOW to install them), creates a temporary
# GOPATH (removed on exit) in $gopath, and builds from there on Debian's packaged sources in GOPATH mode
# (no module downloads). Sets $protoc (protoc, unless PROTOC says otherwise).
go_gopath() {
  local prefix="$1" how="$2"
  protoc="${PROTOC:-protoc}"
  local tool
  for tool in go "$protoc" protoc-gen-go protoc-gen-go-grpc; do
    require_tool "$tool" "$how"
  done
  require_gocode google.golang.org/grpc golang-google-grpc-dev
  gopath="$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX")"
  trap 'rm -rf "$gopath"' EXIT
  mkdir -p "$gopath/src"
  export GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOFLAGS=
  GOCACHE="${GOCACHE:-$(go env GOCACHE)}"
  export GOCACHE
}

# protoc_go_grpc INCLUDE MAPPING FILE: protoc-gen-go and protoc-gen-go-grpc code for FILE into $gopath/src,
# FILE mapped to its import path by MAPPING (M<file>=<import path>;<package>: the exported protos have no go_package).
protoc_go_grpc() {
  "$protoc" -I "$1" \
    --go_out="$gopath/src" --go_opt="$2" \
    --go-grpc_out="$gopath/src" --go-grpc_opt="$2" \
    "$3"
}
