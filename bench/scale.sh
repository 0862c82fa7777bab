#!/usr/bin/env bash
# Scale benchmark: textrace scan over generated collections of growing size (bench/gen_corpus.py),
# with wall time, throughput, peak memory and the recall / spurious share from bench/scale_eval.py.
#
# usage: bash bench/scale.sh DIR...        (each DIR from gen_corpus.py, holding corpus.jsonl)
# environment: TEXTRACE (default build/textrace), THREADS (default 2), MEMORY (default 3G),
#              TMP (--tmp; default $TMPDIR or /tmp)
# Prints one table row per collection; each scan's report and stderr stay in DIR/textrace.*.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${TEXTRACE:-$root/build/textrace}
threads=${THREADS:-2}
memory=${MEMORY:-3G}
tmp_args=()
[ -n "${TMP:-}" ] && tmp_args=(--tmp "$TMP")
printf '%-10s %8s %9s %7s %8s %11s %9s  %s\n' collection MB documents wall_s MB/s MB/s/core peak_MB \
  'recall: verbatim near_dup spun partial summary | spurious share'
for dir in "$@"; do
  /usr/bin/time -v "$bin" scan "$dir/corpus.jsonl" -o "$dir/textrace.jsonl" --threads "$threads" \
    --memory "$memory" --no-progress "${tmp_args[@]}" 2> "$dir/textrace.err"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
    for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$dir/textrace.err")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$dir/textrace.err")
  /usr/bin/python3 "$root/bench/scale_eval.py" "$dir/textrace.jsonl" "$dir" --json > "$dir/textrace.score"
  /usr/bin/python3 - "$dir" "$wall" "$rss" "$threads" <<'PY'
import json, sys
d, wall, rss, threads = sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4])
run = json.loads(open(f"{d}/textrace.jsonl").readline())
s = json.load(open(f"{d}/textrace.score"))
mb = run["bytes"] / 1e6
kinds = s["kinds"]
rec = " ".join(f"{kinds[k]['recall']:.3f}" for k in
               ("verbatim", "near_duplicate", "spun", "partial", "summary"))
print(f"{d.rstrip('/').split('/')[-1]:<10} {mb:8.1f} {run['documents']:9d} {wall:7.1f} "
      f"{mb / wall:8.2f} {mb / wall / threads:11.2f} {rss:>9}  {rec} | "
      f"{s['spurious']} of {s['reported']} ({s['spurious_share']:.4f})")
PY
done
