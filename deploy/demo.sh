#!/usr/bin/env bash
# The demo: installs the build dependencies, builds the release preset, then runs sensor-agent on
# config/examples/demo.toml against a mosquitto on localhost:1883 (the one already running, or
# one started here) and shows the readings arriving through mosquitto_sub until Ctrl-C.
# Everything started here is stopped on exit. The children run in sessions of their own, so Ctrl-C
# reaches only this script, which stops the agent first (its `offline` is the last line shown),
# then mosquitto_sub, then the broker it started.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
config=config/examples/demo.toml
agent=build/release/agent/cli/sensor-agent

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get update; then
  echo "demo: apt-get update failed; installing from the package lists already here" >&2
fi
"${as_root[@]}" apt-get build-dep -y ./packaging

cmake --preset release
cmake --build --preset release --target sensor-agent

broker_pid="" sub_pid="" agent_pid=""
stop() {
  if [ -n "$1" ]; then
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
cleanup() {
  trap - EXIT INT TERM
  # The agent first, so its `offline` still reaches the broker and the subscriber.
  stop "$agent_pid"
  stop "$sub_pid"
  stop "$broker_pid"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

listening() { (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; }

if listening; then
  echo "demo: using the MQTT broker already listening on localhost:1883"
else
  echo "demo: starting mosquitto on localhost:1883"
  setsid mosquitto -p 1883 &
  broker_pid=$!
  for _ in $(seq 100); do
    listening && break
    sleep 0.1
  done
  listening || { echo "demo: mosquitto did not start" >&2; exit 1; }
fi

"$agent" check --config "$config"

# The subscriber first, so the first readings are not missed.
setsid mosquitto_sub -h localhost -p 1883 -v -t 'sensors/#' &
sub_pid=$!
sleep 0.5
echo "demo: readings arrive below (topic, then the JSON payload); Ctrl-C stops everything"
setsid "$agent" run --config "$config" &
agent_pid=$!
status=0
wait -n "$agent_pid" "$sub_pid" || status=$?
echo "demo: sensor-agent or mosquitto_sub stopped (exit status $status)" >&2
exit "$status"
