#!/bin/bash
# Readers while `index add` runs (issue 30): `textrace query` and `textrace index stats`, in a loop
# in other processes while an add commits many small batches into the index. Every reader must
# succeed, and each must see a committed state: a query matches only documents of batches the add
# had committed by its end, and finds the indexed document it copies once that document's batch
# was reported; stats count whole batches (tests/index_concurrent_check.py checks).
#
# usage: tests/index_concurrent_test.sh TEXTRACE SOURCE_DIR WORK THESAURUS
# (THESAURUS: the MyThes file gen_corpus.py draws synonyms from; without it, skipped: exit 77.)
# Exit 0 when every reader was consistent, 1 when not.
set -u -o pipefail
BIN=$1
SRC=$2
WORK=$3
THESAURUS=$4
[ -f "$THESAURUS" ] || { echo "no thesaurus at $THESAURUS: skipped"; exit 77; }
rm -rf "$WORK" && mkdir -p "$WORK/obs" "$WORK/queries" || exit 1
fail() { echo "index_concurrent: FAILED: $*" >&2; exit 1; }

# A collection of about 1.5 MB, its words learnt from the repository's own prose (no data
# outside the tree), and files that copy five of its documents, spread over it.
/usr/bin/python3 "$SRC/bench/gen_corpus.py" --out "$WORK/gen" --mb 1.5 --format jsonl --thesaurus "$THESAURUS" --seed 7 \
  --train "$SRC"/examples/sample/*.txt "$SRC"/docs/*.md "$SRC"/bench/README-*.md \
  >/dev/null 2>"$WORK/gen.log" || fail "gen_corpus: $(tail -3 "$WORK/gen.log")"
/usr/bin/python3 - "$WORK/gen/corpus.jsonl" "$WORK/queries" >"$WORK/queries.tsv" <<'EOF' || fail "writing the queries"
import json, os, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for k, frac in enumerate((0.02, 0.25, 0.5, 0.75, 0.97)):
    doc = json.loads(lines[int(frac * (len(lines) - 1))])
    path = os.path.join(sys.argv[2], f"q{k}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc["text"])
    print(f"{path}\t{doc['id']}")
EOF

"$BIN" index create "$WORK/idx" 2>"$WORK/create.log" || fail "index create: $(cat "$WORK/create.log")"
reported() { grep -c "committed batch" "$WORK/add.log"; }
"$BIN" index add "$WORK/idx" "$WORK/gen/corpus.jsonl" --batch 64K --threads 1 2>"$WORK/add.log" &
add=$!
n=0
while kill -0 "$add" 2>/dev/null; do
  n=$((n + 1))
  before=$(reported)
  if (( n % 3 == 0 )); then
    kind=stats
    "$BIN" index stats "$WORK/idx" >"$WORK/obs/$n.out" 2>"$WORK/obs/$n.err"
  else
    kind=query
    "$BIN" query "$WORK/idx" "$WORK"/queries/q*.txt --format json --top 0 >"$WORK/obs/$n.out" 2>"$WORK/obs/$n.err"
  fi
  status=$?
  after=$(reported)
  [ "$status" -eq 0 ] || fail "$kind $n failed (exit $status) while the add ran: $(cat "$WORK/obs/$n.err")"
  echo "$before" >"$WORK/obs/$n.before"
  echo "$after" >"$WORK/obs/$n.after"
  echo "$kind" >"$WORK/obs/$n.kind"
done
wait "$add" || fail "the add failed: $(tail -3 "$WORK/add.log")"
"$BIN" index check "$WORK/idx" >/dev/null 2>"$WORK/check.log" || fail "index check: $(cat "$WORK/check.log")"
"$BIN" index list "$WORK/idx" >"$WORK/final.list" || fail "index list"
/usr/bin/python3 "$SRC/tests/index_concurrent_check.py" "$WORK" 10 || fail "a reader saw no committed state (above); the files are in $WORK"
rm -rf "$WORK"
