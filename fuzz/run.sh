#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UndefinedBehaviorSanitizer, leak
# detection on) and runs each for SECONDS (default 600), starting from its seed corpus in
# fuzz/corpus/TARGET. New inputs go to build-fuzz/corpus/TARGET; crashes to build-fuzz/crashes.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]      targets: jsonl warc html normalize align
#   JOBS=2 bash fuzz/run.sh 600                 run two targets at a time
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(jsonl warc html normalize align)
jobs=${JOBS:-1}
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTEXTRACE_BUILD_TESTS=OFF -DTEXTRACE_BUILD_FUZZERS=ON \
  -DCMAKE_CXX_FLAGS="$san -fsanitize=fuzzer-no-link" \
  -DCMAKE_EXE_LINKER_FLAGS="$san" >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
mkdir -p build-fuzz/crashes
run_one() {
  local t=$1 work=build-fuzz/corpus/$1
  mkdir -p "$work"
  cp -n fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  local log=build-fuzz/fuzz_$t.log
  # -rss_limit_mb: a leak or a blow-up is a failure; -timeout: a hang is a failure.
  if ASAN_OPTIONS=detect_leaks=1 ./build-fuzz/fuzz_"$t" "$work" -max_total_time="$seconds" \
      -timeout=20 -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix=build-fuzz/crashes/"$t"- >"$log" 2>&1; then
    echo "fuzz_$t: OK: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') runs" \
         "in ${seconds} s, corpus $(ls "$work" | wc -l) inputs, no crash, hang or leak"
  else
    echo "fuzz_$t: FAILED (see $log):"
    grep -E 'ERROR|SUMMARY|fuzz check failed|Test unit written' "$log" | head -5
    return 1
  fi
}
status=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if [[ ${#pids[@]} -ge $jobs ]]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
