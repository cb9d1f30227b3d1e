#!/usr/bin/env bash
# Runs the whole test suite: installs what the build and the tests need (the Build-Depends of
# packaging/debian/control, the one list of dependencies), then configures, builds and tests
# each CMake workflow preset given (default: release).
#
#   tests/run.sh                 # release build, every test but the slow and hardware ones
#   tests/run.sh release asan    # also the AddressSanitizer + UBSan build
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

presets=("$@")
if [ ${#presets[@]} -eq 0 ]; then
  presets=(release)
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get update; then
  echo "tests/run.sh: apt-get update failed; installing from the package lists already here" >&2
fi
"${as_root[@]}" apt-get build-dep -y ./packaging

for preset in "${presets[@]}"; do
  echo "=== preset $preset ==="
  start=$(date +%s)
  cmake --workflow --preset "$preset"
  echo "=== preset $preset passed in $(($(date +%s) - start)) s ==="
done
