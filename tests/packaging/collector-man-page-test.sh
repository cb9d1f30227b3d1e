#!/usr/bin/env bash
# sensor-collector(8) stays true to the program: every command, option and exit status of
# `sensor-collector --help`, and every key of the example configuration, is in the page; the
# example passes `sensor-collector check`; man renders the page without warnings.
#   collector-man-page-test.sh BINARY PAGE EXAMPLE_TOML
set -euo pipefail
binary=$1 page=$2 example=$3
failures=0
problem() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
section() { awk -v name="$2" '/^\.SH / { on = ($2 == name) ; next } on' "$1"; }
text=$(sed 's/\\-/-/g' "$page")

help=$("$binary" --help)
commands=$(sed -n '/^Subcommands:/,/^$/p' <<<"$help" | awk 'NF && $1 != "Subcommands:" { print $1 }')
[ -n "$commands" ] || problem "no commands in --help"
man_commands=$(section "$page" COMMANDS | awk 'prev == ".TP" && $1 == ".B" { print $2 } { prev = $1 }')
for c in $commands; do
  grep -qx "$c" <<<"$man_commands" || problem "command '$c' is not in COMMANDS"
done
for c in $man_commands; do
  grep -qx "$c" <<<"$commands" || problem "COMMANDS documents '$c', which --help does not list"
done
options=$( { echo "$help"; for c in $commands; do "$binary" "$c" --help; done; } |
  grep -oE '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u)
for o in $options; do
  grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" <<<"$text" || problem "option $o is not in the page"
done
codes=$(sed -n 's/^Exit codes: //p' <<<"$help" | grep -oE '(^|, )[0-9]+' | tr -d ', ')
for code in $codes; do
  section "$page" EXIT | grep -qx ".B $code" || problem "exit status $code is not in EXIT STATUS"
done
keys=$(grep -oE '^[# ]*[a-z_]+ = ' "$example" | tr -d '# =' | sort -u)
for k in $keys; do
  grep -qE "(^|[^a-z_])$k([^a-z_]|$)" <<<"$text" || problem "key '$k' of $example is not in the page"
done
"$binary" check --config "$example" >/dev/null || problem "$example fails sensor-collector check"
if command -v man >/dev/null; then
  warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
  [ -z "$warnings" ] || problem "$(basename "$page"): $warnings"
fi
[ "$failures" -eq 0 ] || exit 1
echo "sensor-collector(8) matches: commands [$(echo $commands)], options [$(echo $options)]," \
  "exit statuses [$(echo $codes)], $(wc -w <<<"$keys") config keys"
