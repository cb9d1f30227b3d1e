#!/usr/bin/env bash
# The upgrade a Pi owner does: a bookworm root with sensor-agent installed from the project's
# repository (and a queue and a changed conffile), its sources moved to trixie (Debian's and
# the project's, as the Debian 13 release notes tell), `apt full-upgrade`. The package must
# follow to the trixie build, run with trixie's libraries, and keep its config and queue.
#
#   tests/packaging/dist-upgrade-test.sh
#
# Needs the bookworm and the trixie .deb for this machine (packaging/build-deb.sh --suite
# bookworm, and --suite trixie), root, mmdebstrap, reprepro, gpg, python3 and a Debian mirror.
# It downloads and installs most of trixie: several minutes. Exit 0 passed, 1 failed, 77 skipped.
set -euo pipefail
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=root-lib.sh
. "$root_dir/tests/packaging/root-lib.sh"

root_lib_init dist-upgrade
for suite in bookworm trixie; do
  deb=$(built_deb "$suite")
  mkdir -p "$work/debs/$suite/$arch"
  cp "$deb" "$work/debs/$suite/$arch/"
done

step "the signed repository with both suites, served on loopback"
serve_repo

step "bookworm with sensor-agent from the repository"
clean_root bookworm
add_repo_to_root bookworm
in_root apt-get update -qq >/dev/null
apt_in_root install --no-install-recommends sensor-agent >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; fail "apt-get install sensor-agent on bookworm"; }
before=$(installed_version)
[[ $before == *"~deb12u"* ]] || fail "bookworm installed $before"
echo "ok: sensor-agent $before on bookworm"
make_state_and_local_change

step "sources moved to trixie, apt full-upgrade"
sed -i 's/\bbookworm\b/trixie/g' "$target/etc/apt/sources.list" \
  "$target/etc/apt/sources.list.d/sensor-agent.sources"
in_root apt-get update -qq >/dev/null
apt_in_root full-upgrade >"$work/full-upgrade.log" 2>&1 \
  || { tail -50 "$work/full-upgrade.log"; fail "apt-get full-upgrade"; }
. "$target/etc/os-release"
[ "$VERSION_CODENAME" = trixie ] || fail "the root is $VERSION_CODENAME after the upgrade"
after=$(installed_version)
[[ $after == *"~deb13u"* ]] || fail "sensor-agent stayed at $after after the upgrade"
echo "ok: Debian $VERSION_ID, sensor-agent $before -> $after"

step "the upgraded agent"
version_text=$(in_root sensor-agent --version)
echo "$version_text"
grep -q "libgpiod 2\." <<<"$version_text" || fail "not running with trixie's libgpiod 2.x"
expect_local_change_and_state_kept
in_root ldd /usr/bin/sensor-agent | grep -q "not found" && fail "unresolved libraries after the upgrade"
as_service timeout --preserve-status -s TERM 5 sensor-agent run \
  --config /etc/sensor-agent/agent.toml >"$work/run-after.log" 2>&1 \
  || { cat "$work/run-after.log"; fail "the upgraded agent did not run"; }
echo "ok: the upgraded agent runs on the kept queue"

step "passed"
