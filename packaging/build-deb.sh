#!/usr/bin/env bash
# Builds the sensor-agent .deb for this machine's architecture or, cross-compiled, for another.
# Usage: packaging/build-deb.sh [amd64|arm64|armhf]      Output: build/deb/<arch>/*.deb
# Cross builds need, once (see packaging/README.md):
#   dpkg --add-architecture ARCH; apt-get update
#   apt-get install crossbuild-essential-ARCH qemu-user-static; apt-get build-dep -a ARCH ./packaging
# The unit tests run during the build (under qemu-user for a cross build);
# DEB_BUILD_OPTIONS=nocheck skips them. SA_BUILD_JOBS sets the parallel jobs (default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_arch=$(dpkg --print-architecture)
arch=${1:-$build_arch}
version=$(dpkg-parsechangelog -l "$root/packaging/debian/changelog" -S Version)
out=$root/build/deb/$arch
stage=$out/sensor-agent-${version%-*}

rm -rf "$out"
mkdir -p "$stage"
# debian/ must sit at the top of the source tree: stage a copy of the tree without build output.
tar -C "$root" --exclude=./build --exclude=./.git -cf - . | tar -C "$stage" -xf -
cp -r "$root/packaging/debian" "$stage/debian"

args=(-b -us -uc "-j${SA_BUILD_JOBS:-2}")
# Build profiles select the Build-Depends to check: the test tools are <!nocheck !cross>.
profiles=()
if [[ " ${DEB_BUILD_OPTIONS:-} " == *" nocheck "* ]]; then
  profiles+=(nocheck)
fi
if [ "$arch" != "$build_arch" ]; then
  args+=(--host-arch "$arch")
  profiles+=(cross)
  # debian/rules runs the host's test binaries under qemu-user.
  export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} crossbuildcanrunhostbinaries"
fi
if [ ${#profiles[@]} -gt 0 ]; then
  args+=("--build-profiles=$(IFS=,; echo "${profiles[*]}")")
fi
start=$(date +%s)
(cd "$stage" && dpkg-buildpackage "${args[@]}")
rm -rf "$stage"
echo "build-deb.sh: $arch built in $(($(date +%s) - start)) s"
ls "$out"/sensor-agent_*_"$arch".deb
