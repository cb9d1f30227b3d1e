#!/usr/bin/env bash
# Builds the sensor-agent .deb for one Debian suite and architecture, in a clean root of that
# suite made by mmdebstrap, so that the machine's own release does not decide what is built.
#
#   packaging/build-deb.sh [--suite bookworm|trixie] [--lintian] [--here] [amd64|arm64|armhf]
#
#   --suite    bookworm (Debian 12, Raspberry Pi OS bookworm) or trixie (Debian 13, today's
#              Raspberry Pi OS). Default: this machine's release.
#   --lintian  also run that suite's lintian on the result (0 errors, 0 warnings to pass).
#   --here     build on this machine instead of a clean root (its release must be the suite;
#              the build dependencies must be installed: apt-get build-dep [-a ARCH -P cross]).
#   ARCH       default: this machine's; another one is cross-compiled, its unit tests run under
#              qemu-user.
#
# Output: build/deb/SUITE/ARCH/ (the .deb, its -dbgsym, .buildinfo, .changes, build log).
# The version carries the suite: 0.2.0-1~deb12u1 for bookworm, 0.2.0-1~deb13u1 for trixie, so
# that one apt repository holds both and a bookworm -> trixie upgrade moves to the trixie build.
# DEB_BUILD_OPTIONS=nocheck skips the unit tests. SA_BUILD_JOBS sets the parallel jobs (default
# 2). SA_DEBIAN_MIRROR (default http://deb.debian.org/debian) is where the root comes from; the
# downloaded packages are kept in ~/.cache/sensor-agent/apt/SUITE for the next build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_arch=$(dpkg --print-architecture)
host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

suite=$host_suite
arch=$build_arch
run_lintian=false
here=false
while [ $# -gt 0 ]; do
  case $1 in
    --suite) suite=${2:?--suite needs bookworm or trixie}; shift 2 ;;
    --suite=*) suite=${1#--suite=}; shift ;;
    --lintian) run_lintian=true; shift ;;
    --here) here=true; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "build-deb.sh: unknown option $1" >&2; exit 2 ;;
    *) arch=$1; shift ;;
  esac
done
case $suite in
  bookworm) suffix="~deb12u1" ;;
  trixie) suffix="~deb13u1" ;;
  *) echo "build-deb.sh: --suite must be bookworm or trixie (this machine: '$host_suite')" >&2
     exit 2 ;;
esac
case $arch in
  amd64|arm64|armhf) ;;
  *) echo "build-deb.sh: architecture must be amd64, arm64 or armhf, not '$arch'" >&2; exit 2 ;;
esac
if $here && [ "$suite" != "$host_suite" ]; then
  echo "build-deb.sh: --here builds for this machine's release ($host_suite), not $suite" >&2
  exit 2
fi

base_version=$(dpkg-parsechangelog -l "$root/packaging/debian/changelog" -S Version)
version=$base_version$suffix
upstream=${base_version%-*}
out=$root/build/deb/$suite/$arch
work=$root/build/deb/.work-$suite-$arch
rm -rf "$out" "$work"
mkdir -p "$out" "$work"
trap 'rm -rf "$work"' EXIT

# debian/ must sit at the top of the source tree: stage a copy of the tree without build output,
# with the suite's version in the changelog and the suite's lintian overrides.
stage=$work/sensor-agent-$upstream
mkdir -p "$stage"
tar -C "$root" --exclude=./build --exclude=./.git -cf - . | tar -C "$stage" -xf -
cp -r "$root/packaging/debian" "$stage/debian"
# The top entry takes the suite's version and distribution (a new entry on top would carry a
# lower version than the one below it: 0.2.0-1~deb13u1 < 0.2.0-1).
sed -i "1s/^sensor-agent ([^)]*) [^;]*;/sensor-agent ($version) $suite;/" "$stage/debian/changelog"
# Each binary package takes the lines of the suite's overrides that name it.
if [ -f "$root/packaging/lintian-overrides/$suite" ]; then
  for package in sensor-agent sensor-collector; do
    grep "^$package: " "$root/packaging/lintian-overrides/$suite" \
      >>"$stage/debian/$package.lintian-overrides" || true
  done
fi

options=${DEB_BUILD_OPTIONS:-}
profiles=()
[[ " $options " == *" nocheck "* ]] && profiles+=(nocheck)
cross=false
if [ "$arch" != "$build_arch" ]; then
  cross=true
  profiles+=(cross)
  # debian/rules runs the host's test binaries under qemu-user.
  options="$options crossbuildcanrunhostbinaries"
fi
profile_list=$(IFS=,; echo "${profiles[*]:-}")
buildpackage="dpkg-buildpackage -b -us -uc -j${SA_BUILD_JOBS:-2}"
builddep="apt-get build-dep -y --no-install-recommends"
if $cross; then
  buildpackage="$buildpackage --host-arch $arch"
  builddep="$builddep -a $arch"
fi
if [ -n "$profile_list" ]; then
  buildpackage="$buildpackage --build-profiles=$profile_list"
  builddep="$builddep -P $profile_list"
fi

# The commands run inside the root (or here): install the build dependencies, build, lint.
# BUILD_TOP is /build in the root, the staging directory here.
cat >"$work/build.sh" <<EOF
#!/bin/sh
set -e
top=\${BUILD_TOP:-/build}
cd "\$top/sensor-agent-$upstream"
export DEBIAN_FRONTEND=noninteractive DEB_BUILD_OPTIONS="$options"
if [ "\${SA_INSTALL_DEPS:-1}" = 1 ]; then
  $builddep .
fi
$buildpackage
mkdir -p "\$top/out"
cp ../*.deb ../*.buildinfo ../*.changes "\$top/out/"
if [ "$run_lintian" = true ]; then
  [ "\${SA_INSTALL_DEPS:-1}" = 1 ] && apt-get install -y --no-install-recommends lintian >/dev/null
  echo "lintian \$(dpkg-query -W -f '\${Version}' lintian) on the $suite build:"
  lintian --info --display-info --fail-on error,warning "\$top"/out/*.changes
  echo "lintian: clean"
fi
EOF
chmod +x "$work/build.sh"

start=$(date +%s)
if $here; then
  BUILD_TOP=$work SA_INSTALL_DEPS=0 "$work/build.sh" 2>&1 | tee "$out/build.log"
  cp "$work"/out/* "$out/"
else
  command -v mmdebstrap >/dev/null || {
    echo "build-deb.sh: needs mmdebstrap (apt-get install mmdebstrap), or --here" >&2
    exit 1
  }
  mirror=${SA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/sensor-agent/apt/$suite
  mkdir -p "$cache"
  architectures=$build_arch
  includes=ca-certificates
  if $cross; then
    architectures=$build_arch,$arch
    includes=$includes,crossbuild-essential-$arch
  fi
  # A fresh root each time; the downloaded packages are kept between builds. Nothing of the
  # root stays: the results are copied out by the last hook.
  # Hooks run on this machine with the root's path as $1 (root and unshare modes).
  mmdebstrap --variant=buildd --architectures="$architectures" --include="$includes" \
    --skip=download/empty --skip=essential/unlink \
    --setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
    --setup-hook="cp -a '$cache/.' \"\$1/var/cache/apt/archives/\"" \
    --customize-hook="mkdir -p \"\$1/build\" && cp -a '$stage' '$work/build.sh' \"\$1/build/\"" \
    --customize-hook='chroot "$1" /build/build.sh' \
    --customize-hook="cp -a \"\$1\"/var/cache/apt/archives/*.deb '$cache/' 2>/dev/null || true" \
    --customize-hook="cp -a \"\$1/build/out\" '$work/out'" \
    "$suite" /dev/null "deb $mirror $suite main" "deb $mirror $suite-updates main" \
    2>&1 | tee "$out/build.log"
  cp "$work"/out/* "$out/"
fi
echo "build-deb.sh: sensor-agent $version for $suite/$arch built in $(($(date +%s) - start)) s"
ls "$out"/sensor-agent_*_"$arch".deb "$out"/sensor-collector_*_"$arch".deb
