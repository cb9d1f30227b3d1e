#!/usr/bin/env bash
# End-to-end rate of sensor-collector: a private mosquitto, the collector on SQLite, READINGS
# QoS 1 messages published with `mosquitto_pub -l` as fast as the broker takes them (the
# collector connected first). Prints the rate at which rows appear and the collector's CPU per
# reading (utime + stime from /proc/PID/stat).
#   collector/bench/e2e.sh [BUILD_DIR] [READINGS] [BATCH_SIZE]
set -euo pipefail
build=${1:-build/release}
readings=${2:-20000}
batch=${3:-500}
work=$(mktemp -d /tmp/sa-collector-e2e.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port=$((20000 + RANDOM % 20000))
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000000\n' "$port" \
  >"$work/mosquitto.conf"
/usr/sbin/mosquitto -c "$work/mosquitto.conf" 2>"$work/mosquitto.log" &
pids+=($!)
sleep 0.5
cat >"$work/collector.toml" <<TOML
[broker]
url = "mqtt://127.0.0.1:$port"
[database]
url = "sqlite:$work/readings.db"
[collector]
name = "bench"
batch_size = $batch
batch_time = "200ms"
log_level = "warn"
TOML
"$build/collector/sensor-collector" run --config "$work/collector.toml" 2>"$work/collector.log" &
collector=$!
pids+=("$collector")
sleep 0.5
python3 - "$readings" >"$work/lines" <<'PY'
import sys
for seq in range(1, int(sys.argv[1]) + 1):
    print('{"v":1,"device":"bench","sensor":"wave","channel":"temperature","value":%d.5,'
          '"unit":"C","ts":"2026-12-03T08:00:00.000Z","seq":%d,"boot":"b1"}' % (seq % 100, seq))
PY
ticks() { awk '{print $14 + $15}' "/proc/$collector/stat"; }
hz=$(getconf CLK_TCK)
t0=$(date +%s.%N)
c0=$(ticks)
mosquitto_pub -p "$port" -q 1 -t sensors/bench/wave/temperature -l <"$work/lines"
while [ "$(sqlite3 "$work/readings.db" 'SELECT COUNT(*) FROM readings' 2>/dev/null || echo 0)" -lt "$readings" ]; do
  sleep 0.05
done
t1=$(date +%s.%N)
c1=$(ticks)
awk -v n="$readings" -v t="$(echo "$t1 - $t0" | bc)" -v c="$((c1 - c0))" -v hz="$hz" -v b="$batch" \
  'BEGIN { printf "collector e2e (SQLite, batch %d): %d readings in %.2f s = %.0f readings/s, %.1f us collector CPU per reading\n", b, n, t, n / t, c / hz * 1e6 / n }'
