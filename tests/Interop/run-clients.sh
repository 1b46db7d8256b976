#!/usr/bin/env bash
# Runs the interop test cases of the Node, Python and Go clients against one server and prints a
# case-by-language table. Exits 1 if any case failed.
#
# Usage: tests/Interop/run-clients.sh --server_host HOST --server_port PORT [--languages node,python,go] [--cases a,b,...]
#
# For example, against the grpcio reference server:
#   /usr/bin/python3 tests/Interop/python/server.py --port 50051 &
#   tests/Interop/run-clients.sh --server_host 127.0.0.1 --server_port 50051
#
# Needs `npm ci` (Node), the Debian packages .ci/run's install_peers installs (Python, Go).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
host=127.0.0.1
port=
languages=node,python,go
cases=empty_unary,large_unary,client_streaming,server_streaming,ping_pong,empty_stream,timeout_on_sleeping_server,cancel_after_begin,cancel_after_first_response,custom_metadata,status_code_and_message,special_status_message,unimplemented_method,unimplemented_service,client_compressed_unary,server_compressed_unary
while [[ $# -gt 0 ]]; do
  case "$1" in
    --server_host) host="$2"; shift 2 ;;
    --server_port) port="$2"; shift 2 ;;
    --languages) languages="$2"; shift 2 ;;
    --cases) cases="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$port" ]]; then
  echo "usage: $0 --server_host HOST --server_port PORT [--languages node,python,go] [--cases a,b,...]" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/codefirst-interop-clients.XXXXXX")"
trap 'rm -rf "$work"' EXIT
IFS=, read -r -a langs <<<"$languages"
IFS=, read -r -a names <<<"$cases"

declare -A command
for lang in "${langs[@]}"; do
  case "$lang" in
    node) command[node]="node $here/node/client.js" ;;
    python)
      "$here/python/generate.sh" "$work/python" >/dev/null || exit 1
      command[python]="/usr/bin/python3 $here/python/client.py --generated $work/python" ;;
    go)
      "$here/go/build.sh" "$work/go" >/dev/null || exit 1
      command[go]="$work/go/interop-client" ;;
    *) echo "unknown language $lang" >&2; exit 2 ;;
  esac
done

failed=0
printf '%-30s' case
for lang in "${langs[@]}"; do printf '%-8s' "$lang"; done
printf '\n'
for name in "${names[@]}"; do
  printf '%-30s' "$name"
  for lang in "${langs[@]}"; do
    log="$work/$lang-$name.log"
    if timeout 120 ${command[$lang]} --server_host="$host" --server_port="$port" --test_case="$name" >"$log" 2>&1; then
      printf '%-8s' pass
    else
      printf '%-8s' FAIL
      failed=1
      echo "$lang $name: $(grep -m1 FAIL "$log" || tail -n 3 "$log")" >>"$work/failures"
    fi
  done
  printf '\n'
done
if [[ -s "$work/failures" ]]; then
  printf '\nFailures:\n'
  cat "$work/failures"
fi
exit "$failed"
