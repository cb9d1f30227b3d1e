#!/usr/bin/env bash
# CI for the packages, on both Debian suites, each built in a clean root of its own
# (packaging/build-deb.sh): the trixie amd64 .deb with its unit tests and trixie's lintian; the
# bookworm amd64 .deb with bookworm's lintian (its unit tests already ran in tests/run.sh, on
# this bookworm machine); then the signed repository (packaging/apt-repo) and, from it, install,
# upgrade and purge in clean roots of both suites, and a bookworm device's upgrade to trixie.
# Installs what it needs first.
#
#   packaging/ci-packages.sh
#   SA_CI_CROSS=arm64 packaging/ci-packages.sh         # also trixie arm64, unit tests under qemu
#   SA_CI_DIST_UPGRADE=0 packaging/ci-packages.sh      # without bookworm -> trixie
#
# The cross build stays out of CI's time budget; run it before a release.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
cross=${SA_CI_CROSS:-none}
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

install_tools() {
  export DEBIAN_FRONTEND=noninteractive
  if ! "${as_root[@]}" apt-get update; then
    echo "ci-packages.sh: apt-get update failed; using the package lists already here" >&2
  fi
  "${as_root[@]}" apt-get install -y --no-install-recommends \
    mmdebstrap reprepro gpg python3 ca-certificates dpkg-dev
}

step "tools" install_tools
step "trixie amd64 package, unit tests, lintian" packaging/build-deb.sh --suite trixie --lintian amd64
step "bookworm amd64 package, lintian" \
  env DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} nocheck" \
  packaging/build-deb.sh --suite bookworm --lintian amd64
if [ "$cross" != none ]; then
  step "trixie $cross package, unit tests under qemu, lintian" \
    packaging/build-deb.sh --suite trixie --lintian "$cross"
fi
step "apt repository" packaging/apt-repo build/apt-repo
for suite in trixie bookworm; do
  step "$suite: install, upgrade, purge from the repository" \
    tests/packaging/repo-install-test.sh --suite "$suite"
done
if [ "${SA_CI_DIST_UPGRADE:-1}" = 1 ]; then
  step "bookworm -> trixie full-upgrade" tests/packaging/dist-upgrade-test.sh
fi

printf '%s\n' "${timings[@]}"
echo "ci-packages.sh: passed in $(($(date +%s) - started)) s"
