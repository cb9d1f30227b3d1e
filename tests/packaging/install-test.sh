#!/usr/bin/env bash
# Installs the built .deb into a clean Debian 12 root made with debootstrap, as a user would with
# `apt install ./sensor-agent_*.deb`, then upgrades, removes and purges it, checking after each
# step what Debian policy and the service expect.
#
#   tests/packaging/install-test.sh [DEB]     default: build/deb/ARCH/sensor-agent_*_ARCH.deb
#   tests/packaging/install-test.sh --prepare only make the cached debootstrap root
#
# Needs root, debootstrap and a reachable Debian mirror (SA_DEBIAN_MIRROR, default
# http://deb.debian.org/debian). The debootstrap root is made once and cached as
# build/debootstrap/bookworm-ARCH.tar; delete it to make a fresh one.
# Exit status: 0 passed, 1 failed, 77 skipped (not root, no debootstrap, no .deb built).
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mirror=${SA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
arch=$(dpkg --print-architecture)
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "=== $(($(date +%s) - started)) s: $*"; }
started=$(date +%s)

[ "$(id -u)" -eq 0 ] || skip "needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || skip "debootstrap is not installed"
prepare_only=false
deb=${1:-}
if [ "$deb" = --prepare ]; then
  prepare_only=true
elif [ -z "$deb" ]; then
  deb=$(ls -t "$root_dir"/build/deb/"$arch"/sensor-agent_*_"$arch".deb 2>/dev/null | head -n1 || true)
fi
if ! $prepare_only; then
  [ -n "$deb" ] && [ -f "$deb" ] || skip "no .deb: build one with packaging/build-deb.sh"
  deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
fi

cache=$root_dir/build/debootstrap/bookworm-$arch.tar
if [ ! -f "$cache" ]; then
  step "debootstrap bookworm ($mirror), cached as $cache"
  mkdir -p "$(dirname "$cache")"
  fresh=$(mktemp -d "$root_dir/build/debootstrap/root.XXXXXX")
  debootstrap --arch="$arch" bookworm "$fresh" "$mirror"
  cat >"$fresh/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
  rm -rf "$fresh"/var/cache/apt/archives/*.deb
  chmod 0755 "$fresh"
  tar -C "$fresh" -cf "$cache.part" .
  mv "$cache.part" "$cache"
  rm -rf "$fresh"
fi
if $prepare_only; then
  step "prepared $cache"
  exit 0
fi

mkdir -p "$root_dir/build/install-test"
work=$(mktemp -d "$root_dir/build/install-test/run.XXXXXX")
target=$work/root
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" || true; done
  rm -rf "$work"
}
trap cleanup EXIT

step "unpack the clean root"
mkdir "$target"
tar -C "$target" -xf "$cache"
chmod 0755 "$target"
mount -t proc proc "$target/proc"
mounted+=("$target/proc")
mount --rbind /dev "$target/dev"
mount --make-rslave "$target/dev"
mounted+=("$target/dev")
mount -t sysfs -o ro sysfs "$target/sys"
mounted+=("$target/sys")
cp /etc/resolv.conf "$target/etc/resolv.conf"

in_root() { chroot "$target" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }
as_service() { chroot --userspec=sensor-agent:sensor-agent "$target" env -i PATH=/usr/bin:/bin \
  "$@"; }
mode_of() { in_root stat -c '%a %U:%G' "$1"; }
expect_mode() {
  local got
  got=$(mode_of "$1")
  [ "$got" = "$2" ] || fail "$1 is $got, expected $2"
  echo "ok: $1 $got"
}
state_sums() { in_root sh -c 'cd /var/lib/sensor-agent && find . -type f | sort | xargs -r sha256sum'; }

# A second .deb of the same build with a higher version, so that apt treats it as an upgrade
# (maintainer scripts, conffile handling, restart) without compiling the project again.
repack() {
  local version=$1 out=$2 tree=$work/repack
  rm -rf "$tree"
  dpkg-deb -R "$deb" "$tree"
  sed -i "s/^Version: .*/Version: $version/" "$tree/DEBIAN/control"
  dpkg-deb --root-owner-group -Zxz -b "$tree" "$out" >/dev/null
  rm -rf "$tree"
}

step "apt-get install ./$(basename "$deb") (resolves the Depends from the mirror)"
in_root apt-get update -qq
cp "$deb" "$target/tmp/"
in_root apt-get install -y --no-install-recommends "/tmp/$(basename "$deb")" \
  | tee "$work/install.log" | grep -E '^(The following NEW|  |Setting up sensor-agent)' || true
version=$(in_root dpkg-query -W -f '${Version}' sensor-agent)
echo "installed sensor-agent $version"

step "the installed package"
in_root sensor-agent --version
in_root sensor-agent check --config /etc/sensor-agent/agent.toml
as_service sensor-agent check --config /etc/sensor-agent/agent.toml \
  || fail "the service user cannot use the configuration"
if chroot --userspec=nobody:nogroup "$target" cat /etc/sensor-agent/agent.toml >/dev/null 2>&1; then
  fail "another user can read /etc/sensor-agent/agent.toml"
fi
passwd_entry=$(in_root getent passwd sensor-agent) || fail "no user sensor-agent"
IFS=: read -r _ _ uid gid _ home shell <<<"$passwd_entry"
[ "$uid" -lt 1000 ] || fail "sensor-agent is not a system user (uid $uid)"
[ "$home" = /var/lib/sensor-agent ] || fail "home is $home"
[ "$shell" = /usr/sbin/nologin ] || fail "shell is $shell"
[ "$(in_root getent group sensor-agent | cut -d: -f3)" = "$gid" ] || fail "no group sensor-agent"
groups=$(in_root id -nG sensor-agent)
for g in gpio i2c; do
  grep -qw "$g" <<<"$groups" || fail "sensor-agent is not in group $g (groups: $groups)"
done
echo "ok: user sensor-agent uid $uid gid $gid home $home shell $shell groups $groups"
expect_mode /etc/sensor-agent "750 root:sensor-agent"
expect_mode /etc/sensor-agent/agent.toml "640 root:sensor-agent"
expect_mode /var/lib/sensor-agent "750 sensor-agent:sensor-agent"
expect_mode /usr/bin/sensor-agent "755 root:root"
in_root dpkg-query -W -f '${Conffiles}\n' sensor-agent | grep -q '/etc/sensor-agent/agent.toml' \
  || fail "agent.toml is not a conffile"
for f in /lib/systemd/system/sensor-agent.service /usr/share/sensor-agent/reading-v1.schema.json \
  /usr/share/man/man8/sensor-agent.8.gz /usr/share/man/man5/sensor-agent.toml.5.gz; do
  [ -f "$target$f" ] || fail "$f is missing"
done
[ -L "$target/etc/systemd/system/multi-user.target.wants/sensor-agent.service" ] \
  || fail "the service was not enabled"
echo "ok: unit, schema, man pages installed; service enabled"
if [ -x "$target/usr/bin/systemd-analyze" ]; then
  man_flag=--man=yes
  [ -x "$target/usr/bin/man" ] || man_flag=--man=no
  verify=$(in_root systemd-analyze verify "$man_flag" /lib/systemd/system/sensor-agent.service 2>&1) \
    && [ -z "$verify" ] || fail "systemd-analyze verify: $verify"
  echo "ok: systemd-analyze verify $man_flag"
fi

step "state and a locally modified conffile"
# The agent runs as the service would, with no broker reachable: the readings it takes are
# queued on disk, next to its sequence counters.
as_service timeout --preserve-status -s TERM 8 sensor-agent run \
  --config /etc/sensor-agent/agent.toml >"$work/run.log" 2>&1 \
  || { cat "$work/run.log"; fail "sensor-agent run did not stop cleanly on SIGTERM"; }
ls "$target"/var/lib/sensor-agent/queue/*.seg >/dev/null 2>&1 || { cat "$work/run.log"; fail "no queue segment written"; }
echo "ok: the agent ran as sensor-agent and queued readings:" $(cd "$target/var/lib/sensor-agent" && find . -type f | sort)
sed -i 's/^health_interval = "60s"/health_interval = "30s"/' "$target/etc/sensor-agent/agent.toml"
echo '# changed on this device' >>"$target/etc/sensor-agent/agent.toml"
local_sum=$(sha256sum <"$target/etc/sensor-agent/agent.toml")
state_before=$(state_sums)

step "upgrade to a newer version"
repack "${version}+upgrade1" "$target/tmp/sensor-agent_upgrade1.deb"
in_root apt-get install -y --no-install-recommends /tmp/sensor-agent_upgrade1.deb >"$work/upgrade.log"
[ "$(in_root dpkg-query -W -f '${Version}' sensor-agent)" = "${version}+upgrade1" ] \
  || fail "the upgrade did not install"
[ "$(sha256sum <"$target/etc/sensor-agent/agent.toml")" = "$local_sum" ] \
  || fail "the upgrade replaced the modified conffile"
[ "$(state_sums)" = "$state_before" ] || fail "the upgrade changed /var/lib/sensor-agent"
expect_mode /etc/sensor-agent "750 root:sensor-agent"
expect_mode /etc/sensor-agent/agent.toml "640 root:sensor-agent"
in_root sensor-agent check --config /etc/sensor-agent/agent.toml
echo "ok: modified conffile and state kept"

step "remove, then purge"
in_root apt-get remove -y sensor-agent >"$work/remove.log"
[ -f "$target/etc/sensor-agent/agent.toml" ] || fail "remove deleted the conffile"
[ -d "$target/var/lib/sensor-agent" ] || fail "remove deleted the state"
in_root apt-get purge -y sensor-agent >"$work/purge.log"
[ ! -e "$target/etc/sensor-agent" ] || fail "purge left /etc/sensor-agent"
[ ! -e "$target/var/lib/sensor-agent" ] || fail "purge left /var/lib/sensor-agent"
[ ! -e "$target/etc/systemd/system/multi-user.target.wants/sensor-agent.service" ] \
  || fail "purge left the service enabled"
echo "ok: purge removed /etc/sensor-agent, /var/lib/sensor-agent and the enablement"

step "passed"
