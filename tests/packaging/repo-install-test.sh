#!/usr/bin/env bash
# A device owner's path on a clean root of SUITE: add the project's signed apt repository (the
# one packaging/apt-repo builds, served over HTTP on loopback), `apt install sensor-agent` with
# apt verifying the signature, check what the package set up, run the agent, change the
# conffile, `apt upgrade` to a newer version from the repository (conffile and queue kept),
# then install sensor-collector beside it and store what the agent publishes through a mosquitto
# on loopback, then remove and purge both.
#
#   tests/packaging/repo-install-test.sh --suite bookworm|trixie
#
# Needs the suite's .deb for this machine (packaging/build-deb.sh --suite SUITE), root,
# mmdebstrap, reprepro, gpg and python3. Exit status: 0 passed, 1 failed, 77 skipped.
set -euo pipefail
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=root-lib.sh
. "$root_dir/tests/packaging/root-lib.sh"

suite=
while [ $# -gt 0 ]; do
  case $1 in
    --suite) suite=${2:?}; shift 2 ;;
    *) echo "usage: $0 --suite bookworm|trixie" >&2; exit 2 ;;
  esac
done
case $suite in bookworm|trixie) ;; *) echo "usage: $0 --suite bookworm|trixie" >&2; exit 2 ;; esac

root_lib_init "install-$suite"
deb=$(built_deb "$suite")
collector_deb=$(built_deb "$suite" sensor-collector)
mkdir -p "$work/debs/$suite/$arch"
cp "$deb" "$collector_deb" "$work/debs/$suite/$arch/"

step "the signed repository, served on loopback"
serve_repo
echo "ok: $(grep -c '^apt-repo: ' "$work/apt-repo.log") line(s) from apt-repo; port $repo_port"

step "a clean $suite root"
clean_root "$suite"

step "add the repository and apt install sensor-agent"
add_repo_to_root "$suite"
in_root apt-get update >"$work/update.log" 2>&1 || { cat "$work/update.log"; fail "apt-get update"; }
grep -q "127.0.0.1:$repo_port" "$work/update.log" || fail "apt did not read the repository"
apt_in_root install --no-install-recommends sensor-agent >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; fail "apt-get install sensor-agent"; }
version=$(installed_version)
[[ $version == *"~deb1"[23]"u"* ]] || fail "installed version $version carries no suite"
policy=$(in_root apt-cache policy sensor-agent)
grep -q "http://127.0.0.1:$repo_port $suite/main" <<<"$policy" || fail "not from the repository: $policy"
echo "ok: sensor-agent $version installed from the signed repository"

step "an unsigned or wrongly signed repository is refused"
mv "$target/usr/share/keyrings/sensor-agent-archive-keyring.gpg" "$work/keyring.gpg"
cp /usr/share/keyrings/debian-archive-keyring.gpg \
  "$target/usr/share/keyrings/sensor-agent-archive-keyring.gpg"
if in_root apt-get update >"$work/update-wrong-key.log" 2>&1 \
  && ! grep -qiE "NO_PUBKEY|not signed|signature" "$work/update-wrong-key.log"; then
  cat "$work/update-wrong-key.log"
  fail "apt accepted the repository with the wrong key"
fi
echo "ok: with another key apt says: $(grep -m1 -iE 'NO_PUBKEY|signature' "$work/update-wrong-key.log")"
mv "$work/keyring.gpg" "$target/usr/share/keyrings/sensor-agent-archive-keyring.gpg"

step "the installed package"
check_installed

step "state and a locally modified conffile"
make_state_and_local_change

step "apt upgrade to a newer version in the repository"
newer=${version%u1}u2
repack "$deb" "$newer" "$work/debs/$suite/$arch/$(basename "${deb/$version/$newer}")"
rm "$work/debs/$suite/$arch/$(basename "$deb")"
publish_repo
in_root apt-get update -qq >/dev/null
apt_in_root upgrade >"$work/upgrade.log" 2>&1 || { cat "$work/upgrade.log"; fail "apt-get upgrade"; }
[ "$(installed_version)" = "$newer" ] || fail "the upgrade did not install $newer"
echo "ok: upgraded $version -> $newer"
expect_local_change_and_state_kept

step "apt install sensor-collector; the installed agent's readings stored by the collector"
apt_in_root install --no-install-recommends sensor-collector >"$work/install-collector.log" 2>&1 \
  || { cat "$work/install-collector.log"; fail "apt-get install sensor-collector"; }
check_collector_installed
collector_stores_agent_readings

step "remove, then purge"
in_root apt-get purge -y sensor-collector >"$work/purge-collector.log"
[ ! -e "$target/etc/sensor-collector" ] || fail "purge left /etc/sensor-collector"
[ ! -e "$target/var/lib/sensor-collector" ] || fail "purge left /var/lib/sensor-collector"
echo "ok: purge removed /etc/sensor-collector and /var/lib/sensor-collector"
in_root apt-get remove -y sensor-agent >"$work/remove.log"
[ -f "$target/etc/sensor-agent/agent.toml" ] || fail "remove deleted the conffile"
[ -d "$target/var/lib/sensor-agent" ] || fail "remove deleted the state"
in_root apt-get purge -y sensor-agent >"$work/purge.log"
[ ! -e "$target/etc/sensor-agent" ] || fail "purge left /etc/sensor-agent"
[ ! -e "$target/var/lib/sensor-agent" ] || fail "purge left /var/lib/sensor-agent"
[ ! -e "$target/etc/systemd/system/multi-user.target.wants/sensor-agent.service" ] \
  || fail "purge left the service enabled"
echo "ok: purge removed /etc/sensor-agent, /var/lib/sensor-agent and the enablement"

step "passed ($suite)"
