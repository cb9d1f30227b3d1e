#!/usr/bin/env bash
# CI for the packages: the amd64 .deb and lintian on it, then the arm64 .deb cross-built with its
# unit tests run under qemu-user, then lintian on that. Installs what it needs first (the
# Build-Depends of packaging/debian/control, for both architectures).
#
#   packaging/ci-packages.sh                 # amd64 (unit tests: see below) + arm64
#   SA_CI_CROSS_ARCH=armhf packaging/ci-packages.sh
#   SA_CI_INSTALL_TEST=1 packaging/ci-packages.sh   # also the clean-root install test
#
# The amd64 package is built with DEB_BUILD_OPTIONS=nocheck unless SA_CI_AMD64_CHECK=1: the test
# suite (tests/run.sh) already runs the same unit tests on amd64, and skipping them here saves
# compiling the tests a third time. The cross build always runs its unit tests.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
cross=${SA_CI_CROSS_ARCH:-arm64}
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi
started=$(date +%s)
timings=()
step() {
  local name=$1 t0
  shift
  t0=$(date +%s)
  echo "=== $name"
  "$@"
  timings+=("$name: $(($(date +%s) - t0)) s")
}

install_build_deps() {
  export DEBIAN_FRONTEND=noninteractive
  if ! dpkg --print-foreign-architectures | grep -qx "$cross"; then
    "${as_root[@]}" dpkg --add-architecture "$cross"
  fi
  if ! "${as_root[@]}" apt-get update; then
    echo "ci-packages.sh: apt-get update failed; using the package lists already here" >&2
  fi
  "${as_root[@]}" apt-get install -y --no-install-recommends \
    "crossbuild-essential-$cross" qemu-user-static lintian
  "${as_root[@]}" apt-get build-dep -y ./packaging
  # apt does not turn on the cross profile by itself: the test tools stay native-only.
  "${as_root[@]}" apt-get build-dep -y -a "$cross" -P cross ./packaging
}

lint() {
  local changes
  changes=$(ls build/deb/"$1"/sensor-agent_*_"$1".changes)
  lintian --info --display-info --fail-on error,warning "$changes"
  echo "lintian $1: clean"
}

amd64_options=${DEB_BUILD_OPTIONS:-}
if [ "${SA_CI_AMD64_CHECK:-0}" != 1 ]; then
  amd64_options="$amd64_options nocheck"
fi

step "build dependencies" install_build_deps
step "amd64 package" env DEB_BUILD_OPTIONS="$amd64_options" packaging/build-deb.sh amd64
step "lintian amd64" lint amd64
if [ "${SA_CI_INSTALL_TEST:-0}" = 1 ]; then
  step "install test (debootstrap root)" tests/packaging/install-test.sh
fi
step "$cross package, unit tests under qemu" packaging/build-deb.sh "$cross"
step "lintian $cross" lint "$cross"

printf '%s\n' "${timings[@]}"
echo "ci-packages.sh: passed in $(($(date +%s) - started)) s"
