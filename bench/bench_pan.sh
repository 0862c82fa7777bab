#!/usr/bin/env bash
# End-to-end benchmark: times `textrace eval pan CORPUS --threads N` and prints one line:
#   pairs, wall seconds, pairs/second, peak RSS (MB), entire plagdet.
#
# usage: bench/bench_pan.sh [CORPUS] [THREADS]
#   CORPUS   PAN corpus root (default ../shared/data/pan13-train, relative to the repository root)
#   THREADS  worker threads (default 2)
# environment:
#   TEXTRACE   the binary (default build/textrace)
#   BENCH_LOG  keep the full eval output (table and timings) in this file
#
# Peak RSS comes from GNU time (/usr/bin/time -v) when it is installed (Debian package `time`),
# otherwise from sampling VmHWM in /proc/PID/status every 0.1 s while textrace runs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${1:-$root/../shared/data/pan13-train}
threads=${2:-2}
bin=${TEXTRACE:-$root/build/textrace}

[[ -x $bin ]] || { echo "bench_pan: no binary at $bin (build first, or set TEXTRACE)" >&2; exit 1; }
[[ -d $corpus ]] || { echo "bench_pan: no corpus at $corpus" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/stdout err=$tmp/stderr

start=$(date +%s.%N)
if [[ -x /usr/bin/time ]]; then
  rc=0
  /usr/bin/time -v -o "$tmp/time" "$bin" eval pan "$corpus" --threads "$threads" \
    >"$out" 2>"$err" || rc=$?
  end=$(date +%s.%N)
  peak_kb=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$tmp/time")
  rss_source="/usr/bin/time"
else
  "$bin" eval pan "$corpus" --threads "$threads" >"$out" 2>"$err" &
  pid=$!
  peak_kb=0
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n $hwm && $hwm -gt $peak_kb ]] && peak_kb=$hwm
    sleep 0.1
  done
  rc=0
  wait "$pid" || rc=$?
  end=$(date +%s.%N)
  rss_source="VmHWM sampler"
fi

if [[ -n ${BENCH_LOG:-} ]]; then cat "$out" "$err" >"$BENCH_LOG"; fi
if [[ $rc -ne 0 ]]; then
  echo "bench_pan: textrace eval pan exited with $rc" >&2
  cat "$err" >&2
  exit 1
fi

pairs=$(awk '/ pairs, / { print $1; exit }' "$err")
[[ -n $pairs ]] || pairs=$(awk 'NF >= 2 { n++ } END { print n + 0 }' "$corpus/pairs")
plagdet=$(awk '$1 == "entire" { print $NF }' "$out")

awk -v pairs="$pairs" -v s="$start" -v e="$end" -v kb="${peak_kb:-0}" -v pd="${plagdet:-nan}" \
    -v t="$threads" -v src="$rss_source" -v c="$corpus" 'BEGIN {
  wall = e - s
  printf "bench_pan: pairs %d  wall %.2f s  %.1f pairs/s  peak RSS %.0f MB  entire plagdet %s  (threads %d, RSS from %s, %s)\n",
         pairs, wall, (wall > 0 ? pairs / wall : 0), kb / 1024, pd, t, src, c
}'
