#!/usr/bin/env bash
# The unit's exposure as rated by `systemd-analyze security --offline=true` is at most MAX.
#   unit-security-test.sh UNIT MAX        Exit status 77: skipped (no systemd-analyze).
set -euo pipefail
unit=$1 max=$2
command -v systemd-analyze >/dev/null || { echo "SKIP: no systemd-analyze"; exit 77; }

report=$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1) || true
score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$report")
if [ -z "$score" ]; then
  echo "$report"
  echo "FAIL: no exposure level in the report" >&2
  exit 1
fi
# The items that still count against the unit, for whoever reads the test log.
grep '✗' <<<"$report" || true
echo "exposure of $(basename "$unit"): $score (limit $max)"
awk -v s="$score" -v m="$max" 'BEGIN { exit !(s <= m) }' || {
  echo "FAIL: exposure $score is above $max" >&2
  exit 1
}
