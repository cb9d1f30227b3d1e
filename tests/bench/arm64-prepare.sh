#!/bin/sh
# Prepares section 6 of the performance suite (arm64 under qemu-user): builds the arm64 package
# and unpacks it, its run-time libraries and Debian's arm64 mosquitto_pub into one arm64 root
# directory. Nothing arm64 is installed on this machine: qemu finds the libraries with -L ROOT.
#
#   tests/bench/arm64-prepare.sh [--suite bookworm|trixie] [--out DIR] [--no-build]
#
#   --suite     the Debian suite of the package and the root (default: bookworm).
#   --out       where the root goes (default: build/arm64-bench); DIR/root is made afresh.
#   --no-build  unpack the package packaging/build-deb.sh built last instead of building it.
#
# Needs (as root): apt-get install mmdebstrap qemu-user-static binfmt-support. The package is
# built by packaging/build-deb.sh in a clean root, with DEB_BUILD_OPTIONS=nocheck unless set
# (no unit tests under qemu) and SA_BUILD_JOBS jobs; the root's packages come from
# SA_DEBIAN_MIRROR and are kept in build-deb.sh's download cache.
# Output: DIR/root/usr/bin/sensor-agent, DIR/root/usr/bin/mosquitto_pub and their libraries;
# the last line printed is the tests/bench/run.sh command that measures them.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
suite=bookworm
out=$top/build/arm64-bench
build=true
while [ $# -gt 0 ]; do
  case $1 in
    --suite) suite=${2:?--suite needs bookworm or trixie}; shift 2 ;;
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --no-build) build=false; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "arm64-prepare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case $out in /*) ;; *) out=$(pwd)/$out ;; esac

missing=
command -v mmdebstrap >/dev/null || missing="$missing mmdebstrap"
command -v qemu-aarch64-static >/dev/null || command -v qemu-aarch64 >/dev/null ||
  missing="$missing qemu-user-static"
if [ -n "$missing" ]; then
  echo "arm64-prepare.sh: needs apt-get install$missing binfmt-support" >&2
  exit 1
fi
qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64)

if $build; then
  DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS-nocheck} "$top/packaging/build-deb.sh" --suite "$suite" arm64
fi
set -- "$top"/build/deb/"$suite"/arm64/sensor-agent_*_arm64.deb
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "arm64-prepare.sh: no sensor-agent arm64 package in build/deb/$suite/arm64/" >&2
  exit 1
fi
deb=$1

# The package's library dependencies (its shlibs: adduser and procps are for its maintainer
# scripts), versions and alternatives left to apt.
libs=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' |
  grep -v -x -e '' -e adduser -e procps | tr '\n' ',')

# The extract variant unpacks the packages and their dependencies without running anything.
mirror=${SA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/sensor-agent/apt/$suite
mkdir -p "$cache" "$out"
rm -rf "$out/root"
# The hooks run with the root's path as $1 (single quotes: expanded by mmdebstrap's shell).
# shellcheck disable=SC2016
mmdebstrap --variant=extract --architectures=arm64 --skip=download/empty \
  --include="${libs}mosquitto-clients,libmosquitto1" \
  --setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
  --setup-hook="cp -a '$cache/.' \"\$1/var/cache/apt/archives/\"" \
  --extract-hook="cp -a \"\$1\"/var/cache/apt/archives/*.deb '$cache/' 2>/dev/null || true" \
  "$suite" "$out/root" "deb $mirror $suite main" "deb $mirror $suite-updates main"
rm -f "$out"/root/var/cache/apt/archives/*.deb
dpkg-deb -x "$deb" "$out/root"

agent=$out/root/usr/bin/sensor-agent
echo "arm64-prepare.sh: sensor-agent $(dpkg-deb -f "$deb" Version) (arm64) in $out/root:"
"$qemu" -L "$out/root" "$agent" --version
test -x "$out/root/usr/bin/mosquitto_pub"
echo "$top/tests/bench/run.sh --only arm64 --arm64-agent $agent --arm64-root $out/root" \
  "--arm64-mosquitto-pub $out/root"
