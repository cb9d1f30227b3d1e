#!/usr/bin/env bash
# `systemd-analyze verify` accepts the unit. The unit names /usr/bin/sensor-agent, which exists
# only once the package is installed: the check runs on a copy naming the built binary instead,
# with the man pages of Documentation= found in MANDIR.
#   unit-verify-test.sh UNIT BINARY MANDIR     Exit status 77: skipped (no systemd-analyze).
set -euo pipefail
unit=$1 binary=$2 mandir=$3
command -v systemd-analyze >/dev/null || { echo "SKIP: no systemd-analyze"; exit 77; }
[ -x "$binary" ] || { echo "FAIL: $binary is not executable" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name=$(basename "$unit")
grep -q '^ExecStart=/usr/bin/sensor-agent ' "$unit" || {
  echo "FAIL: ExecStart does not run /usr/bin/sensor-agent" >&2
  exit 1
}
sed "s|/usr/bin/sensor-agent |$binary |" "$unit" >"$work/$name"

man_flag=--man=no
if command -v man >/dev/null; then
  # man finds the pages under MANPATH in man5/ and man8/, as installed.
  for page in "$mandir"/*.[0-9]; do
    section=${page##*.}
    mkdir -p "$work/man/man$section"
    cp "$page" "$work/man/man$section/"
  done
  export MANPATH=$work/man
  man_flag=--man=yes
fi
# verify prints problems but does not always fail on them: any output is a failure.
output=$(systemd-analyze verify "$man_flag" "$work/$name" 2>&1) || {
  echo "$output"
  echo "FAIL: systemd-analyze verify failed" >&2
  exit 1
}
if [ -n "$output" ]; then
  echo "$output"
  echo "FAIL: systemd-analyze verify reported problems" >&2
  exit 1
fi
echo "systemd-analyze verify $man_flag: $name OK"
