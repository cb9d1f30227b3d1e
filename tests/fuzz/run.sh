#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang, ASan, UBSan, in build/fuzz) and runs each
# for N seconds (default 15) from its seed corpus in tests/fuzz/corpus/<target>/. Fails on the
# first crash, leak, sanitizer report or timeout; the input that caused it is kept in
# build/fuzz/findings/<target>/ (replay it with build/fuzz/tests/fuzz/fuzz_<target> FILE).
#
#   tests/fuzz/run.sh            # CI: 15 s per target
#   tests/fuzz/run.sh 3600       # a long run: see tests/fuzz/README.md
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

seconds="${1:-15}"

# clang and its sanitizer/libFuzzer runtime (Debian's default clang, with its compiler-rt).
if ! command -v clang++ >/dev/null || ! clang++ -fsanitize=fuzzer -x c++ -o /dev/null - \
    <<<'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' \
    2>/dev/null; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y --install-recommends clang
fi
targets=(config segment ack_log drivers payload)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"${SA_FUZZ_JOBS:-2}"

work="$(mktemp -d "${TMPDIR:-/tmp}/sa-fuzz-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT
failed=()
for target in "${targets[@]}"; do
  findings="build/fuzz/findings/$target"
  mkdir -p "$work/$target" "$findings"
  # The working corpus grows in a scratch directory; the tree keeps its small seeds.
  if ! build/fuzz/tests/fuzz/fuzz_"$target" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$findings/" "$work/$target" "tests/fuzz/corpus/$target" \
      >"$work/$target.log" 2>&1; then
    echo "fuzz: $target FAILED; input kept in $findings/" >&2
    tail -n 40 "$work/$target.log" >&2
    failed+=("$target")
  else
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$target.log" | grep -o '[0-9]*$' || true)"
    echo "fuzz: $target ok (${runs:-?} inputs in ${seconds} s)"
  fi
done
if ((${#failed[@]} > 0)); then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
