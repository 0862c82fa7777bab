#!/bin/bash
# The index killed at random (issue 30): `textrace index add` killed with SIGKILL at a random
# moment, RUNS times in a row on one collection, each kill followed by the checks:
#   - `index check` passes;
#   - every batch the add reported committed ("committed batch N (K documents)" on stderr) is in
#     the index whole: its K documents, and they are the ones that batch read;
#   - none is there in part: the index holds the first c batches of the collection, whole, for
#     some c (no fewer than before the add; at most one more than the add reported: committed,
#     then killed before it said so), numbered without gaps; `index stats` agrees;
#   - the next add goes on: it skips the documents indexed already and adds the rest.
# Then one add runs to its end, and the index must hold every document exactly once and export
# what an index built in one uninterrupted add of the same collection, with the same --batch,
# exports (the run line less its list of skipped inputs: each rerun skips the ids it finds).
#
# usage: bench/index_crash.sh TEXTRACE CORPUS.jsonl [RUNS=100] [WORK=/tmp/textrace-index-crash]
#                             [BATCH=1M]
#   TEXTRACE  the textrace binary (build/textrace)
#   CORPUS    a JSON Lines collection, e.g. 20 MB of bench/gen_corpus.py's output:
#             head -n 5000 /tmp/gen100/corpus.jsonl > /tmp/corpus20.jsonl
#   WORK      a folder of its own, emptied first
#   BATCH     `index add --batch`: small, so that an add commits many batches
# Environment: SEED (the random kills' seed, default 20261206), THREADS (index add --threads,
# default 1).
# Prints one line per run and a summary (runs, kills, checks passed, batches verified, time);
# exits 1 on the first failure, leaving WORK for a look, 2 on bad usage.
set -u -o pipefail

if [ $# -lt 2 ] || [ $# -gt 5 ]; then
  sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
BIN=$(realpath "$1")
CORPUS=$(realpath "$2")
RUNS=${3:-100}
WORK=${4:-/tmp/textrace-index-crash}
BATCH=${5:-1M}
SEED=${SEED:-20261206}
THREADS=${THREADS:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
CHECK="/usr/bin/python3 $HERE/index_crash_check.py"
[ -x "$BIN" ] || { echo "index_crash: $BIN: not an executable" >&2; exit 2; }
[ -f "$CORPUS" ] || { echo "index_crash: $CORPUS: no such file" >&2; exit 2; }
[[ "$RUNS" =~ ^[0-9]+$ ]] || { echo "index_crash: RUNS must be a number" >&2; exit 2; }

rm -rf "$WORK" && mkdir -p "$WORK/logs" || exit 2
RANDOM=$SEED
START=$EPOCHREALTIME

fail() {
  echo "index_crash: FAILED: $*" >&2
  echo "index_crash: the index and logs are in $WORK" >&2
  exit 1
}

# Seconds since a start ($EPOCHREALTIME), as a decimal.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }
# A random delay in [0, $1] seconds, in microseconds of resolution.
random_delay() {
  local r=$(( (RANDOM << 15 | RANDOM) % 1000000 ))
  awk -v max="$1" -v r="$r" 'BEGIN { printf "%.6f", max * r / 1000000 }'
}

echo "index_crash: $CORPUS ($(stat -c %s "$CORPUS") bytes, $(wc -l < "$CORPUS") lines), $RUNS runs, --batch $BATCH, seed $SEED"

# 1. The reference: one add, not interrupted. Its batches are the collection's chunks; its
# timing sets the window the kills fall in.
"$BIN" index create "$WORK/ref" 2>"$WORK/logs/ref.create" || fail "index create: $(cat "$WORK/logs/ref.create")"
t0=$EPOCHREALTIME
"$BIN" index add "$WORK/ref" "$CORPUS" --batch "$BATCH" --threads "$THREADS" \
  2>"$WORK/logs/ref.add" || fail "the reference add: $(tail -3 "$WORK/logs/ref.add")"
ref_seconds=$(since "$t0")
"$BIN" index list "$WORK/ref" >"$WORK/ref.list" || fail "index list of the reference"
$CHECK chunks "$WORK/logs/ref.add" "$WORK/ref.list" "$WORK/chunks.tsv" || fail "the reference's batches"
chunks=$(wc -l < "$WORK/chunks.tsv")
documents=$(wc -l < "$WORK/ref.list")
"$BIN" index check "$WORK/ref" >/dev/null 2>"$WORK/logs/ref.check" || fail "index check of the reference: $(cat "$WORK/logs/ref.check")"
"$BIN" index export "$WORK/ref" -o "$WORK/ref.export.jsonl" 2>"$WORK/logs/ref.export" || fail "export of the reference"
# Start-up: the time of an add that finds nothing to read.
: > "$WORK/empty.jsonl"
cp -r "$WORK/ref" "$WORK/probe"
t0=$EPOCHREALTIME
"$BIN" index add "$WORK/probe" "$WORK/empty.jsonl" --batch "$BATCH" 2>/dev/null
startup=$(since "$t0")
# A rerun over the whole collection skips every document: how long it takes per batch.
t0=$EPOCHREALTIME
"$BIN" index add "$WORK/probe" "$CORPUS" --batch "$BATCH" --threads "$THREADS" 2>"$WORK/logs/probe.add"
skip_seconds=$(since "$t0")
grep -q "no document was added: all .* were skipped" "$WORK/logs/probe.add" ||
  fail "a rerun over an index that holds every document should skip them all: $(tail -2 "$WORK/logs/probe.add")"
rm -rf "$WORK/probe"
per_chunk=$(awk -v t="$ref_seconds" -v s="$startup" -v n="$chunks" 'BEGIN { printf "%.3f", (t - s) / n }')
per_skip=$(awk -v t="$skip_seconds" -v s="$startup" -v n="$chunks" 'BEGIN { x = (t - s) / n; printf "%.3f", (x > 0 ? x : 0) }')
echo "index_crash: reference: $documents documents in $chunks batches, ${ref_seconds} s" \
     "(start-up ${startup} s, ${per_chunk} s a batch; a rerun skips a batch in ${per_skip} s)"

# 2. The runs: each add killed at a random moment, then checked.
"$BIN" index create "$WORK/idx" 2>"$WORK/logs/create" || fail "index create: $(cat "$WORK/logs/create")"
kills=0 checks=0 verified_total=0 reported_total=0 before=0 early=0 skipping=0 new_work=0 ended=0
w=1.5
for run in $(seq 1 "$RUNS"); do
  # The window: start-up, the skipping of the batches indexed already, then w batches of new
  # work (the uninterrupted add's mean time a batch). w follows a schedule: while the index
  # holds fewer batches than nine tenths of the collection's share of the runs so far, w grows
  # (an add started anew can take longer to its first new batch than that mean: what it loads,
  # what it merges); once it holds them, w shrinks, below one batch (kills before the next
  # commit). So the kills meet an index of every size, and the last add still has work. One
  # run in ten falls within the start-up alone.
  if (( RANDOM % 10 == 0 )); then
    window=$startup
  else
    window=$(awk -v s="$startup" -v k="$per_skip" -v c="$before" -v b="$per_chunk" -v w="$w" \
      'BEGIN { printf "%.3f", s + k * c + w * b }')
  fi
  delay=$(random_delay "$window")
  log="$WORK/logs/add.$run"
  # Made here: a kill that comes before the shell forked for the add opened it leaves none.
  : >"$log"
  "$BIN" index add "$WORK/idx" "$CORPUS" --batch "$BATCH" --threads "$THREADS" 2>>"$log" &
  pid=$!
  sleep "$delay"
  killed=1
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null
    status=$?
    if [ "$status" -ne 137 ]; then
      # It ended just before the kill: an add that finished counts as not killed.
      killed=0
    else
      kills=$((kills + 1))
    fi
  else
    wait "$pid"
    status=$?
    killed=0
  fi
  if [ "$killed" -eq 0 ]; then
    ended=$((ended + 1))
    # An add that ended on its own succeeded, or found everything indexed already.
    if [ "$status" -ne 0 ] && ! grep -q "no document was added: all .* were skipped" "$log"; then
      fail "run $run: the add failed (exit $status): $(tail -3 "$log")"
    fi
  fi
  "$BIN" index check "$WORK/idx" >"$WORK/logs/check.$run" 2>&1 ||
    fail "run $run: index check after the kill at ${delay} s: $(cat "$WORK/logs/check.$run")"
  "$BIN" index list "$WORK/idx" >"$WORK/list" 2>"$WORK/logs/list.$run" || fail "run $run: index list"
  "$BIN" index stats "$WORK/idx" >"$WORK/stats" 2>&1 || fail "run $run: index stats"
  result=$($CHECK run "$WORK/chunks.tsv" "$before" "$log" "$WORK/list" "$WORK/stats" "$killed" 2>"$WORK/logs/verify.$run") ||
    fail "run $run (killed at ${delay} s of a ${window} s window): $(cat "$WORK/logs/verify.$run")"
  read -r now reported verified <<<"$result"
  checks=$((checks + 1))
  reported_total=$((reported_total + reported))
  verified_total=$((verified_total + verified))
  # Where the kill fell, by what the add had said: nothing yet (start-up, or the first batch);
  # skipping the batches indexed already; new batches.
  if (( killed == 1 )); then
    if (( reported == 0 )); then
      early=$((early + 1))
    elif (( reported < before )); then
      skipping=$((skipping + 1))
    else
      new_work=$((new_work + 1))
    fi
  fi
  printf 'run %3d: %s at %6.3f s of %6.3f s; %2d batches reported, index holds batches 1..%d of %d\n' \
    "$run" "$([ "$killed" -eq 1 ] && echo killed || echo ended)" "$delay" "$window" "$reported" "$now" "$chunks"
  if [ "$window" != "$startup" ]; then
    w=$(awk -v w="$w" -v now="$now" -v target="$(( 9 * chunks * run / (10 * RUNS) ))" \
      'BEGIN { w = now < target ? w * 1.25 : w * 0.8; if (w < 0.5) w = 0.5; if (w > 8) w = 8
               printf "%.3f", w }')
  fi
  before=$now
  rm -f "$log" "$WORK/logs/check.$run" "$WORK/logs/list.$run" "$WORK/logs/verify.$run"
done

# 3. One add to its end: every document once, and the export of the uninterrupted add.
log="$WORK/logs/add.final"
"$BIN" index add "$WORK/idx" "$CORPUS" --batch "$BATCH" --threads "$THREADS" 2>"$log"
status=$?
if [ "$status" -ne 0 ] && ! grep -q "no document was added: all .* were skipped" "$log"; then
  fail "the last add failed (exit $status): $(tail -3 "$log")"
fi
"$BIN" index check "$WORK/idx" >/dev/null 2>"$WORK/logs/check.final" || fail "index check at the end: $(cat "$WORK/logs/check.final")"
"$BIN" index list "$WORK/idx" >"$WORK/list" || fail "index list at the end"
"$BIN" index stats "$WORK/idx" >"$WORK/stats" || fail "index stats at the end"
$CHECK run "$WORK/chunks.tsv" "$before" "$log" "$WORK/list" "$WORK/stats" 0 >/dev/null 2>"$WORK/logs/verify.final" ||
  fail "at the end: $(cat "$WORK/logs/verify.final")"
# The same documents under the same numbers (batch numbers differ: every rerun commits a batch
# for each chunk, of no documents where it skipped them all).
cmp -s <(sed 's/"batch":[0-9]*,//' "$WORK/list") <(sed 's/"batch":[0-9]*,//' "$WORK/ref.list") ||
  fail "at the end, the index does not list the documents of the uninterrupted add (same numbers, same order)"
"$BIN" index export "$WORK/idx" -o "$WORK/idx.export.jsonl" 2>"$WORK/logs/export" || fail "export at the end"
$CHECK export "$WORK/idx.export.jsonl" "$WORK/ref.export.jsonl" 2>"$WORK/logs/export.diff" ||
  fail "the export differs from the uninterrupted add's: $(cat "$WORK/logs/export.diff")"
pairs=$(grep -c '"type":"pair"' "$WORK/ref.export.jsonl")
checks=$((checks + 1))

echo "index_crash: runs $RUNS, kills $kills ($early before the add reported a batch, $skipping while it skipped the" \
     "batches indexed already, $new_work during new batches; $ended adds ended on their own)," \
     "checks passed $checks of $((RUNS + 1)); of the $reported_total batches reported committed, $verified_total of new" \
     "documents verified whole, the others (every document indexed already) verified empty;" \
     "at the end $documents documents once each, $pairs pairs, export identical to the uninterrupted add's" \
     "(less the run line's skipped ids); $(since "$START") s"
