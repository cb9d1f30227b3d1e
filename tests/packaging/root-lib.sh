# Shared by the clean-root package tests (sourced, not run): clean Debian roots made by
# mmdebstrap and cached as tarballs, the signed repository served on loopback, and the checks
# of an installed sensor-agent. Needs root, mmdebstrap, reprepro, gpg, python3 and a Debian
# mirror (SA_DEBIAN_MIRROR, default http://deb.debian.org/debian).
#
# The caller sets `root_dir` (the project) and calls `root_lib_init NAME` first; every function
# reports with `fail` (exit 1) and `skip` (exit 77).

mirror=${SA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
arch=$(dpkg --print-architecture)
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "=== $(($(date +%s) - started)) s: $*"; }
started=$(date +%s)
mounted=()
server_pid=

root_lib_init() {
  [ "$(id -u)" -eq 0 ] || skip "needs root (mmdebstrap, chroot, mounts)"
  local tool
  for tool in mmdebstrap reprepro gpg python3; do
    command -v "$tool" >/dev/null || skip "$tool is not installed"
  done
  mkdir -p "$root_dir/build/root-tests"
  work=$(mktemp -d "$root_dir/build/root-tests/$1.XXXXXX")
  trap root_lib_cleanup EXIT
}

root_lib_cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" || true; done
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}

# The built .deb of SUITE for this machine's architecture.
built_deb() {
  local deb package=${2:-sensor-agent}
  deb=$(ls "$root_dir"/build/deb/"$1"/"$arch"/"$package"_*_"$arch".deb 2>/dev/null | head -n1)
  [ -n "$deb" ] || skip "no $1 .deb: packaging/build-deb.sh --suite $1"
  echo "$deb"
}

# A clean root of SUITE, as a Pi's image would have it (systemd, apt), made by mmdebstrap and
# cached for a week as ~/.cache/sensor-agent/roots/SUITE-ARCH.tar (SA_ROOTS_CACHE changes the
# folder); unpacked to $work/SUITE with /proc, /dev and /sys mounted.
roots_cache=${SA_ROOTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sensor-agent/roots}
clean_root() {
  local suite=$1 cache=$roots_cache/$1-$arch.tar
  if [ -n "$(find "$cache" -mtime +7 2>/dev/null)" ]; then
    rm -f "$cache"
  fi
  if [ ! -f "$cache" ]; then
    step "mmdebstrap $suite ($mirror), cached as $cache"
    mkdir -p "$(dirname "$cache")"
    mmdebstrap --variant=minbase --format=tar --include=systemd,systemd-sysv,ca-certificates \
      "$suite" "$cache.part" "deb $mirror $suite main" "deb $mirror $suite-updates main"
    mv "$cache.part" "$cache"
  fi
  target=$work/$suite
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
}

in_root() { chroot "$target" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }
as_collector() { chroot --userspec=sensor-collector:sensor-collector "$target" env -i \
  PATH=/usr/bin:/bin "$@"; }
as_service() { chroot --userspec=sensor-agent:sensor-agent "$target" env -i PATH=/usr/bin:/bin \
  "$@"; }
# apt as on a device: keep a locally changed conffile, never ask.
apt_in_root() { in_root apt-get -y -o Dpkg::Options::=--force-confdef \
  -o Dpkg::Options::=--force-confold "$@"; }
installed_version() { in_root dpkg-query -W -f '${Version}' sensor-agent; }
state_sums() { in_root sh -c 'cd /var/lib/sensor-agent && find . -type f | sort | xargs -r sha256sum'; }

# The signed repository built by packaging/apt-repo from the .debs under $work/debs
# (SUITE/ARCH/*.deb), with its own signing key, served on a free loopback port.
publish_repo() {
  SA_APT_SIGNING_HOME=$work/signing "$root_dir/packaging/apt-repo" "$work/repo" \
    --from "$work/debs" --url "http://127.0.0.1:$repo_port/" >"$work/apt-repo.log" 2>&1 \
    || { cat "$work/apt-repo.log"; fail "packaging/apt-repo failed"; }
}

serve_repo() {
  repo_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/repo"
  publish_repo
  python3 -m http.server --bind 127.0.0.1 --directory "$work/repo" "$repo_port" \
    >"$work/http.log" 2>&1 &
  server_pid=$!
  local i
  for i in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$repo_port/')" \
      2>/dev/null && return 0
    sleep 0.1
  done
  fail "the repository server did not start"
}

# What a device owner does: the public key and the suite's sources snippet from the server.
add_repo_to_root() {
  local suite=$1
  cp "$work/repo/sensor-agent-archive-keyring.gpg" \
    "$target/usr/share/keyrings/sensor-agent-archive-keyring.gpg"
  cp "$work/repo/sensor-agent-$suite.sources" "$target/etc/apt/sources.list.d/sensor-agent.sources"
}

mode_of() { in_root stat -c '%a %U:%G' "$1"; }
expect_mode() {
  local got
  got=$(mode_of "$1")
  [ "$got" = "$2" ] || fail "$1 is $got, expected $2"
  echo "ok: $1 $got"
}

# The unit where the suite's systemd looks for it: /usr/lib on Debian 13, /lib on Debian 12.
unit_path() {
  local path
  for path in /usr/lib/systemd/system/sensor-agent.service /lib/systemd/system/sensor-agent.service; do
    if in_root dpkg -S "$path" >/dev/null 2>&1; then
      echo "$path"
      return
    fi
  done
  fail "the package ships no sensor-agent.service"
}

# What the package must have set up, checked as the service user and as others would see it.
check_installed() {
  in_root sensor-agent --version
  in_root sensor-agent check --config /etc/sensor-agent/agent.toml
  as_service sensor-agent check --config /etc/sensor-agent/agent.toml \
    || fail "the service user cannot use the configuration"
  if chroot --userspec=nobody:nogroup "$target" cat /etc/sensor-agent/agent.toml >/dev/null 2>&1; then
    fail "another user can read /etc/sensor-agent/agent.toml"
  fi
  local passwd_entry uid gid home shell groups g unit
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
  unit=$(unit_path)
  for f in "$unit" /usr/share/sensor-agent/reading-v1.schema.json \
    /usr/share/man/man8/sensor-agent.8.gz /usr/share/man/man5/sensor-agent.toml.5.gz; do
    [ -f "$target$f" ] || fail "$f is missing"
  done
  [ -L "$target/etc/systemd/system/multi-user.target.wants/sensor-agent.service" ] \
    || fail "the service was not enabled"
  echo "ok: $unit, schema, man pages installed; service enabled"
  local verify
  verify=$(in_root systemd-analyze verify --man=no "$unit" 2>&1) && [ -z "$verify" ] \
    || fail "systemd-analyze verify: $verify"
  echo "ok: systemd-analyze verify"
}

check_collector_installed() {
  in_root sensor-collector --version
  as_collector sensor-collector check --config /etc/sensor-collector/collector.toml \
    || fail "the collector's service user cannot use its configuration"
  in_root getent passwd sensor-collector >/dev/null || fail "no user sensor-collector"
  expect_mode /etc/sensor-collector "750 root:sensor-collector"
  expect_mode /etc/sensor-collector/collector.toml "640 root:sensor-collector"
  expect_mode /var/lib/sensor-collector "750 sensor-collector:sensor-collector"
  local unit verify
  unit=$(dirname "$(unit_path)")/sensor-collector.service
  [ -f "$target$unit" ] || fail "$unit is missing"
  [ -f "$target/usr/share/man/man8/sensor-collector.8.gz" ] || fail "sensor-collector(8) missing"
  [ -L "$target/etc/systemd/system/multi-user.target.wants/sensor-collector.service" ] \
    || fail "the collector's service was not enabled"
  verify=$(in_root systemd-analyze verify --man=no "$unit" 2>&1) && [ -z "$verify" ] \
    || fail "systemd-analyze verify $unit: $verify"
  echo "ok: sensor-collector user, modes, unit (verified, enabled) and man page"
}

# The device's own broker is out of reach of the root's services (no systemd runs in it), so a
# mosquitto of this machine's serves on loopback; both programs run as their service users with
# the command line of their units, pointed at it.
collector_stores_agent_readings() {
  local port mosquitto_pid collector_pid report
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n' "$port" \
    >"$work/mosquitto.conf"
  mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
  mosquitto_pid=$!
  sed -i "s#^url = \"mqtt://localhost:1883\"#url = \"mqtt://127.0.0.1:$port\"#" \
    "$target/etc/sensor-collector/collector.toml" "$target/etc/sensor-agent/agent.toml"
  grep -q "127.0.0.1:$port" "$target/etc/sensor-collector/collector.toml" \
    || fail "the collector's example config has no url = \"mqtt://localhost:1883\" line"
  # Not through as_collector: a function run in the background is a subshell, and the TERM below
  # must reach the collector itself.
  chroot --userspec=sensor-collector:sensor-collector "$target" env -i PATH=/usr/bin:/bin \
    sensor-collector run --config /etc/sensor-collector/collector.toml >"$work/collector.log" 2>&1 &
  collector_pid=$!
  sleep 2
  as_service timeout --preserve-status -s TERM 6 sensor-agent run \
    --config /etc/sensor-agent/agent.toml >"$work/run-online.log" 2>&1 \
    || { cat "$work/run-online.log"; fail "sensor-agent run against the broker failed"; }
  sleep 2
  kill -TERM "$collector_pid"
  wait "$collector_pid" || { cat "$work/collector.log"; fail "the collector did not stop cleanly"; }
  kill "$mosquitto_pid" 2>/dev/null || true
  report=$(as_collector sensor-collector report --json --config /etc/sensor-collector/collector.toml) \
    || { cat "$work/collector.log"; fail "sensor-collector report failed"; }
  python3 -c 'import json, sys
rows = json.loads(sys.argv[1])
stored = sum(r["stored"] for r in rows)
assert stored > 0, "no reading stored: %s" % rows
print("ok: the collector stored %d readings of %d channels" % (stored, len(rows)))' "$report" \
    || { cat "$work/collector.log" "$work/run-online.log"; fail "no readings in the collector's database"; }
}

# The agent runs as the service would, with no broker reachable: its readings are queued on
# disk next to its sequence counters. Then the conffile is changed as an admin would.
make_state_and_local_change() {
  as_service timeout --preserve-status -s TERM 8 sensor-agent run \
    --config /etc/sensor-agent/agent.toml >"$work/run.log" 2>&1 \
    || { cat "$work/run.log"; fail "sensor-agent run did not stop cleanly on SIGTERM"; }
  ls "$target"/var/lib/sensor-agent/queue/*.seg >/dev/null 2>&1 \
    || { cat "$work/run.log"; fail "no queue segment written"; }
  echo "ok: the agent ran as sensor-agent and queued readings:" \
    $(cd "$target/var/lib/sensor-agent" && find . -type f | sort)
  sed -i 's/^health_interval = "60s"/health_interval = "30s"/' "$target/etc/sensor-agent/agent.toml"
  echo '# changed on this device' >>"$target/etc/sensor-agent/agent.toml"
  local_sum=$(sha256sum <"$target/etc/sensor-agent/agent.toml")
  state_before=$(state_sums)
}

expect_local_change_and_state_kept() {
  [ "$(sha256sum <"$target/etc/sensor-agent/agent.toml")" = "$local_sum" ] \
    || fail "the upgrade replaced the modified conffile"
  [ "$(state_sums)" = "$state_before" ] || fail "the upgrade changed /var/lib/sensor-agent"
  expect_mode /etc/sensor-agent "750 root:sensor-agent"
  expect_mode /etc/sensor-agent/agent.toml "640 root:sensor-agent"
  in_root sensor-agent check --config /etc/sensor-agent/agent.toml
  echo "ok: modified conffile and queued state kept"
}

# A copy of DEB with another version, so that apt sees an upgrade (maintainer scripts,
# conffile handling) without compiling the project again.
repack() {
  local deb=$1 version=$2 out=$3 tree=$work/repack
  rm -rf "$tree"
  dpkg-deb -R "$deb" "$tree"
  sed -i "s/^Version: .*/Version: $version/" "$tree/DEBIAN/control"
  dpkg-deb --root-owner-group -Zxz -b "$tree" "$out" >/dev/null
  rm -rf "$tree"
}
