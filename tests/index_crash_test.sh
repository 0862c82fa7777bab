#!/bin/bash
# The crash test of the index, short (ctest `index_crash`): bench/index_crash.sh with 10 kills on a
# 1.5 MB collection generated here (its words learnt from the repository's own prose), 64 KB
# batches. Then the checks are shown to bite: an index with one document of its last batch
# removed (a batch there in part), and an add log that reports a batch the index lacks, must
# both fail them.
#
# usage: tests/index_crash_test.sh TEXTRACE SOURCE_DIR WORK THESAURUS
# (THESAURUS: the MyThes file gen_corpus.py draws synonyms from; without it, skipped: exit 77.)
set -u -o pipefail
BIN=$1
SRC=$2
WORK=$3
THESAURUS=$4
[ -f "$THESAURUS" ] || { echo "no thesaurus at $THESAURUS: skipped"; exit 77; }
rm -rf "$WORK" && mkdir -p "$WORK" || exit 1
fail() { echo "index_crash_test: FAILED: $*" >&2; exit 1; }

/usr/bin/python3 "$SRC/bench/gen_corpus.py" --out "$WORK/gen" --mb 1.5 --format jsonl --thesaurus "$THESAURUS" --seed 3 \
  --train "$SRC"/examples/sample/*.txt "$SRC"/docs/*.md "$SRC"/bench/README-*.md \
  >/dev/null 2>"$WORK/gen.log" || fail "gen_corpus: $(tail -3 "$WORK/gen.log")"
SEED=${SEED:-20261206} bash "$SRC/bench/index_crash.sh" "$BIN" "$WORK/gen/corpus.jsonl" 10 \
  "$WORK/crash" 64K || fail "bench/index_crash.sh"

# The checks bite. The index at the end holds every batch; take one document of the last away.
C="$WORK/crash"
CHECK="/usr/bin/python3 $SRC/bench/index_crash_check.py"
chunks=$(wc -l < "$C/chunks.tsv")
last_id=$(tail -n 1 "$C/chunks.tsv" | awk -F '\t' '{ print $NF }')
: > "$WORK/no-add.log"
"$BIN" index remove "$C/idx" "$last_id" 2>/dev/null || fail "index remove $last_id"
"$BIN" index list "$C/idx" > "$WORK/half.list" || fail "index list"
"$BIN" index stats "$C/idx" > "$WORK/half.stats" || fail "index stats"
if $CHECK run "$C/chunks.tsv" "$chunks" "$WORK/no-add.log" "$WORK/half.list" "$WORK/half.stats" 1 \
     >/dev/null 2>"$WORK/half.err"; then
  fail "the checks missed a batch there in part"
fi
grep -q "a batch is there in part" "$WORK/half.err" || fail "half batch: $(cat "$WORK/half.err")"
# An add that reported a batch the index does not hold (here: the one just made partial, as the
# add's first batch into an index that held none).
head -n 1 "$C/chunks.tsv" | awk -F '\t' '{ printf "textrace index: committed batch 1 (%d documents)\n", NF }' > "$WORK/lost.log"
: > "$WORK/empty.list"
printf 'documents   0\n' > "$WORK/empty.stats"
if $CHECK run "$C/chunks.tsv" 0 "$WORK/lost.log" "$WORK/empty.list" "$WORK/empty.stats" 1 \
     >/dev/null 2>"$WORK/lost.err"; then
  fail "the checks missed a reported batch that is not there"
fi
grep -q "reported batch 1" "$WORK/lost.err" || fail "lost batch: $(cat "$WORK/lost.err")"
echo "index_crash_test: passed; the checks catch a batch there in part and a reported batch lost"
rm -rf "$WORK"  # kept when a check fails, for a look
