# Shared by .ci/run and benchmarks/install-peers.sh; source it.

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
