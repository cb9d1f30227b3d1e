#!/usr/bin/env bash
# The man pages stay true to the program: every command, option and exit status of
# `sensor-agent --help` is in sensor-agent(8); every key of the example configuration and every
# driver is in sensor-agent.toml(5), whose EXAMPLE passes `sensor-agent check`; and man renders
# both without warnings.
#   man-pages-test.sh BINARY MANDIR EXAMPLE_TOML
set -euo pipefail
binary=$1 mandir=$2 example=$3
page8=$mandir/sensor-agent.8
page5=$mandir/sensor-agent.toml.5
failures=0
problem() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# The text of one .SH section of a page.
section() { awk -v name="$2" '/^\.SH / { on = ($2 == name) ; next } on' "$1"; }
# Roff source as plain words: "\-\-config" -> "--config".
plain() { sed 's/\\-/-/g' "$@"; }

help=$("$binary" --help)
commands=$(sed -n '/^Subcommands:/,/^$/p' <<<"$help" | awk 'NF && $1 != "Subcommands:" { print $1 }')
[ -n "$commands" ] || problem "no commands in --help"
man_commands=$(section "$page8" COMMANDS | awk 'prev == ".TP" && $1 == ".B" { print $2 } { prev = $1 }')
for c in $commands; do
  grep -qx "$c" <<<"$man_commands" || problem "command '$c' is not in sensor-agent(8) COMMANDS"
done
for c in $man_commands; do
  grep -qx "$c" <<<"$commands" || problem "sensor-agent(8) documents '$c', which --help does not list"
done

page8_text=$(plain "$page8")
page5_text=$(cat "$page5")
options=$( { echo "$help"; for c in $commands; do "$binary" "$c" --help; done; } |
  grep -oE '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u)
for o in $options; do
  grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" <<<"$page8_text" || problem "option $o is not in sensor-agent(8)"
done

codes=$(sed -n 's/^Exit codes: //p' <<<"$help" | grep -oE '(^|, )[0-9]+' | tr -d ', ')
[ -n "$codes" ] || problem "no exit codes in --help"
for code in $codes; do
  section "$page8" "EXIT" | grep -qx ".B $code" || problem "exit status $code is not in sensor-agent(8)"
done

# Keys of the example configuration, set or commented out: "key = ..." or "# key = ...",
# except the drivers' own options and channels, which `sensor-agent drivers` documents.
driver_names=$("$binary" drivers --json | grep -oE '"name": "[a-z0-9_]+"' | cut -d'"' -f4 | sort -u)
keys=$(grep -oE '^[# ]*[a-z_]+ = ' "$example" | tr -d '# =' | sort -u | grep -vxF "$driver_names")
tables=$(grep -oE '^\s*#?\s*\[\[?[a-z_.]+' "$example" | grep -oE '[a-z_.]+$' |
  sed 's/^sensor\.channels\..*/sensor.channels/' | sort -u)
for k in $keys $tables; do
  grep -qE "(^|[^a-z_])${k//./\\.}([^a-z_]|$)" <<<"$page5_text" || problem "key '$k' of $example is not in sensor-agent.toml(5)"
done
# Drivers are documented by `sensor-agent drivers` and their own README.md (a driver is added in
# its folder alone); the page names some, each of which must exist.
drivers=$("$binary" drivers | grep -E '^[a-z0-9_]+$')
named=$(sed -n '/^\.B driver$/,/^\.TP$/p' "$page5" | grep -E '^\.IR ' | sed 's/([^)]*)//g' |
  grep -oE '[a-z][a-z0-9_]*')
for d in $named; do
  grep -qxF "$d" <<<"$drivers" || problem "sensor-agent.toml(5) names driver '$d', which \`sensor-agent drivers\` does not list"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo secret >"$work/mqtt-password"
section "$page5" EXAMPLE | sed '/^\.nf$/d;/^\.fi$/d' |
  sed "s|/etc/sensor-agent/mqtt-password|$work/mqtt-password|" >"$work/example.toml"
"$binary" check --config "$work/example.toml" || problem "the EXAMPLE of sensor-agent.toml(5) fails sensor-agent check"

if command -v man >/dev/null; then
  for page in "$page8" "$page5"; do
    warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
    [ -z "$warnings" ] || problem "$(basename "$page"): $warnings"
  done
fi

[ "$failures" -eq 0 ] || exit 1
echo "man pages match: commands [$(echo $commands)], options [$(echo $options)], exit statuses [$(echo $codes)], $(wc -w <<<"$keys $tables") config keys and tables, $(wc -w <<<"$drivers") drivers"
