#!/usr/bin/env bash
# Builds the sensor-agent .deb for this machine's architecture or, cross-compiled, for another.
# Usage: packaging/build-deb.sh [amd64|arm64|armhf]      Output: build/deb/<arch>/*.deb
# Cross builds need: dpkg --add-architecture ARCH; apt-get update;
#   apt-get install crossbuild-essential-ARCH qemu-user-static; apt-get build-dep -a ARCH ./packaging
# Set DEB_BUILD_OPTIONS=nocheck to skip the unit tests.
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

host=()
if [ "$arch" != "$build_arch" ]; then
  host=(--host-arch "$arch")
fi
(cd "$stage" && dpkg-buildpackage -b -us -uc "${host[@]}")
rm -rf "$stage"
ls "$out"/sensor-agent_*_"$arch".deb
