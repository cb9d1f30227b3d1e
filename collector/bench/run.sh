#!/usr/bin/env bash
# Store benchmark of sensor-collector: SQLite in a temporary directory and, when PostgreSQL's
# server programs are installed, a private PostgreSQL cluster started for the run (as `nobody`
# under root, since PostgreSQL refuses root). Prints readings/s and CPU per reading.
#   collector/bench/run.sh [BUILD_DIR] [READINGS]
set -euo pipefail
build=${1:-build/release}
readings=${2:-100000}
bench=$build/collector/sensor-collector-bench
work=$(mktemp -d /tmp/sa-collector-bench.XXXXXX)
chmod 0777 "$work"
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1 || true)
cleanup() {
  [ -n "$pgbin" ] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
args=(--readings "$readings" --dir "$work")
if [ -n "$pgbin" ]; then
  port=$((20000 + RANDOM % 20000))
  "${as_pg[@]}" "$pgbin/initdb" -D "$work/pg" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  # The server's defaults (fsync on, synchronous_commit on): what a deployment has.
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-k $work -p $port -c listen_addresses=" start >/dev/null
  args+=(--postgresql "postgresql://postgres@/postgres?host=$work&port=$port")
fi
echo "$(nproc) CPUs, $(uname -m), SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)," \
  "PostgreSQL ${pgbin:+$("$pgbin/postgres" --version | awk '{print $3}')}; $readings readings"
"$bench" "${args[@]}"
