#!/bin/sh
# sensor-agent's performance suite: one command, a table on stdout, JSON in the output directory.
#   tests/bench/run.sh [--quick | --smoke] [--only steady,callgrind,precision,scale,queue,drain,arm64]
#                      [--repeat N] [--arm64-agent PATH --arm64-root DIR [--arm64-mosquitto-pub DIR]]
# The arm64 files and the command for section 6: tests/bench/arm64-prepare.sh.
# Environment: SA_BENCH_BUILD (default build/bench, a RelWithDebInfo build with sensor-agent and
# sa_queue_bench), SA_BENCH_OUT (default $SA_BENCH_BUILD/bench-results).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${SA_BENCH_BUILD:-$root/build/bench}
out=${SA_BENCH_OUT:-$build/bench-results}
if [ ! -x "$build/agent/cli/sensor-agent" ]; then
  echo "build first:" >&2
  echo "  cmake -S $root -B $build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo" >&2
  echo "  cmake --build $build --target sensor-agent sa_queue_bench" >&2
  exit 2
fi
# Debian's interpreter: python3-paho-mqtt is a Debian package. No __pycache__ in the source tree.
export PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 "$root/tests/bench/bench.py" --agent "$build/agent/cli/sensor-agent" \
  --queue-bench "$build/tests/queue/sa_queue_bench" --outdir "$out" "$@"
