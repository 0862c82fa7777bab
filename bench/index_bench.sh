#!/usr/bin/env bash
# The persistent index on a generated collection (bench/gen_corpus.py): add throughput against a
# scan of the same documents, batch by batch as the index grows, size on disk, recall of the
# planted pairs against the scan's, and query latency for documents not added (in one process,
# warm, and whole processes with their start-up).
#
# usage: bash bench/index_bench.sh DIR [BATCH]   (DIR holds corpus.jsonl; BATCH: --batch, 64M)
# environment: TEXTRACE (default build/textrace), THREADS (default 1), QUERIES (default 300)
# Writes DIR/index.* (the index in DIR/index.idx) and prints a summary.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${TEXTRACE:-$root/build/textrace}
threads=${THREADS:-1}
queries=${QUERIES:-300}
dir=$1
batch=${2:-64M}
corpus=$dir/corpus.jsonl
idx=$dir/index.idx

# Every n-th document is held out to be queried; the rest is added (and scanned).
total=$(wc -l < "$corpus")
every=$(( total / queries ))
(( every >= 2 )) || every=2
awk -v n="$every" -v q="$queries" 'NR % n == 0 && NR / n <= q' "$corpus" > "$dir/index.queries.jsonl"
awk -v n="$every" -v q="$queries" 'NR % n != 0 || NR / n > q' "$corpus" > "$dir/index.corpus.jsonl"
mb=$(stat -c %s "$dir/index.corpus.jsonl" | awk '{printf "%.1f", $1 / 1e6}')

seconds() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
  for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$1"; }
peak() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

/usr/bin/time -v "$bin" scan "$dir/index.corpus.jsonl" -o "$dir/index.scan.jsonl" --threads "$threads" \
  --no-progress 2> "$dir/index.scan.err"
scan_s=$(seconds "$dir/index.scan.err")

rm -rf "$idx"
"$bin" index create "$idx" 2> /dev/null
/usr/bin/time -v "$bin" index add "$idx" "$dir/index.corpus.jsonl" --batch "$batch" \
  --threads "$threads" 2> "$dir/index.add.err"
add_s=$(seconds "$dir/index.add.err")
disk=$(du -sb "$idx" | cut -f1)
"$bin" index export "$idx" -o "$dir/index.export.jsonl" 2> /dev/null

"$bin" query "$idx" "$dir/index.queries.jsonl" --format json --threads "$threads" > /dev/null  # warm
"$bin" query "$idx" "$dir/index.queries.jsonl" --format json --threads "$threads" > "$dir/index.query.jsonl"
# Whole processes: the first held-out document as a file, queried 20 times.
/usr/bin/python3 -c "import json,sys; sys.stdout.write(json.loads(open(sys.argv[1]).readline())['text'])" \
  "$dir/index.queries.jsonl" > "$dir/index.one.txt"
for _ in $(seq 20); do
  /usr/bin/time -f "%e" "$bin" query "$idx" "$dir/index.one.txt" --threads "$threads" 2>&1 > /dev/null | tail -1
done > "$dir/index.process.txt"

/usr/bin/python3 "$root/bench/scale_eval.py" "$dir/index.scan.jsonl" "$dir" --json > "$dir/index.scan.score"
/usr/bin/python3 "$root/bench/scale_eval.py" "$dir/index.export.jsonl" "$dir" --json > "$dir/index.export.score"

/usr/bin/python3 - "$dir" "$mb" "$scan_s" "$add_s" "$(peak "$dir/index.scan.err")" \
  "$(peak "$dir/index.add.err")" "$disk" "$batch" "$threads" <<'PY'
import json, re, statistics, sys
d, mb, scan_s, add_s, scan_peak, add_peak, disk, batch, threads = sys.argv[1:]
mb, scan_s, add_s, disk = float(mb), float(scan_s), float(add_s), int(disk)
print(f"collection {d}: {mb:.1f} MB added, batches of {batch}, --threads {threads}")
print(f"  scan: {scan_s:.1f} s ({mb / scan_s:.2f} MB/s), peak {scan_peak} MB")
print(f"  add:  {add_s:.1f} s ({mb / add_s:.2f} MB/s, {scan_s / add_s:.2f} of scan's), peak {add_peak} MB")
batches = [float(m.group(2)) for m in
           re.finditer(r"committed batch (\d+) \(\d+ documents\) in ([0-9.]+) s",
                       open(f"{d}/index.add.err").read())]
if batches:
    tenth = max(1, len(batches) // 10)
    print("  batch seconds, first / middle / last tenth:",
          f"{statistics.mean(batches[:tenth]):.2f} / "
          f"{statistics.mean(batches[len(batches)//2:len(batches)//2 + tenth]):.2f} / "
          f"{statistics.mean(batches[-tenth:]):.2f} ({len(batches)} batches)")
print(f"  on disk: {disk / 1e6:.0f} MB, {disk / 1e6 / mb:.2f}x the text")
kinds = ("verbatim", "near_duplicate", "spun", "partial", "summary")
for name in ("scan", "export"):
    s = json.load(open(f"{d}/index.{name}.score"))
    rec = " ".join(f"{s['kinds'][k]['recall']:.3f}" for k in kinds)
    print(f"  recall ({name}): {rec} | found {s['found']} of {s['planted']}; spurious {s['spurious']}")
ms = sorted(json.loads(l)["elapsed_ms"] for l in open(f"{d}/index.query.jsonl"))
q = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]
print(f"  query, in one process, warm ({len(ms)} documents not added): p50 {q(0.5):.1f} ms, "
      f"p90 {q(0.9):.1f} ms, p99 {q(0.99):.1f} ms, max {ms[-1]:.1f} ms")
proc = sorted(float(x) for x in open(f"{d}/index.process.txt").read().split())
print(f"  query, a whole process for one document: median {1000 * statistics.median(proc):.0f} ms, "
      f"max {1000 * proc[-1]:.0f} ms")
PY
