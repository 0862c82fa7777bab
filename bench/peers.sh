#!/usr/bin/env bash
# Side-by-side run of the peer tools of ../shared/PEERS.md (and optionally textrace) on one
# generated collection: wall seconds, peak RSS, recall of the planted pairs (overall and per kind),
# spurious pairs.
#
# usage: bash bench/peers.sh CORPUS_DIR [OUT_DIR]
#   CORPUS_DIR  holds docs/ (one text file per document, file name = document id) and truth.tsv
#               (original<TAB>derived<TAB>kind per line); corpus.jsonl is used by textrace if present
#   OUT_DIR     where <peer>.pairs, <peer>.time, <peer>.err, <peer>.score and summary.tsv go
#               (default /tmp/peers-out-<basename of CORPUS_DIR>)
# environment:
#   PEERS         peers to run, in order (default: minhash-lsh minhash-js dolos sim_text simhash ssdeep tlsh)
#   PEER_TIMEOUT  seconds per tool before it is killed and reported as "> limit" (default 900)
#   TEXTRACE      path to a textrace binary: run `textrace scan` first, in the same table
#   TEXTRACE_ARGS extra arguments for `textrace scan` (e.g. "--threads 2")
#   PEERS_DIR     the drivers (default ../shared/peers beside the repository)
#   PEERS_BIN     where the Go driver is (or gets built): $PEERS_BIN/minhash-lsh-pairs (default /tmp/peers-bin)
#   PEERS_NPM     folder with node_modules/ holding minhash and @dodona/dolos-lib (default /tmp/peers-npm)
#   SIMHASH_MIN   keep simhash pairs with similarity >= this (default 0.1; PEERS.md: spun pair 0.21, unrelated <= 0.06)
#   TLSH_MAX      keep tlsh pairs with distance <= this (default 40, as in PEERS.md's reference table)
#   DOLOS_MIN     Dolos --min (default 0.05)
#   DOLOS_HEAP_MB node --max-old-space-size for Dolos (default: node's own, about 4 GB; Dolos compares
#                 all pairs and runs out of it near 5,000 documents / 20 MB)
#
# Nothing is installed here. The peers come from (see PEERS.md):
#   apt-get install -y golang-go golang-github-ekzhu-minhash-lsh-dev similarity-tester simhash ssdeep tlsh-tools
#   (cd /tmp/peers-npm && npm install minhash@0.0.9 @dodona/dolos-lib@3.5.1)
# The Go driver is built here when the Go toolchain and the library are present.
#
# Scoring: bench/scale_eval.py (needs CORPUS_DIR/families.tsv) scores each tool's pairs; its --json
# answer fills the table (recall, per kind, "+dup" where crediting duplicate groups changes it,
# spurious = pairs outside every planted family, in-family = pairs inside one family but not a
# planted edge). Without it, the peers are scored by $PEERS_DIR/eval-pairs.py and the table by a
# built-in scorer with the same definitions (names by basename, a trailing .txt ignored, families
# = documents joined by truth.tsv edges). The scorers' own output follows the table and is kept in
# OUT_DIR/<peer>.score.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=/usr/bin/python3

[[ $# -ge 1 ]] || { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
corpus=$(cd "$1" 2>/dev/null && pwd) || { echo "peers: no corpus directory $1" >&2; exit 2; }
out=${2:-/tmp/peers-out-$(basename "$corpus")}
mkdir -p "$out" && out=$(cd "$out" && pwd)
docs=$corpus/docs
truth=$corpus/truth.tsv
[[ -f $truth ]] || { echo "peers: no $truth" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "peers: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }
[[ -x $py ]] || { echo "peers: $py is missing" >&2; exit 2; }

limit=${PEER_TIMEOUT:-900}
peers_dir=${PEERS_DIR:-$(cd "$root/.." && pwd)/shared/peers}
peers_bin=${PEERS_BIN:-/tmp/peers-bin}
peers_npm=${PEERS_NPM:-/tmp/peers-npm}
simhash_min=${SIMHASH_MIN:-0.1}
tlsh_max=${TLSH_MAX:-40}
dolos_min=${DOLOS_MIN:-0.05}
peers=${PEERS:-minhash-lsh minhash-js dolos sim_text simhash ssdeep tlsh}
scale_eval=$root/bench/scale_eval.py

helper=$out/.peers_helper.py
cat >"$helper" <<'PYEOF'
import json, os, re, sys


def norm(name):
    b = os.path.basename(name.strip())
    return b[:-4] if b.endswith(".txt") else b


def conv_simtext(src, dst):
    # "A consists for 94 % of B material"
    pat = re.compile(r"^(.*) consists for (\d+) % of (.*) material$")
    with open(src, errors="replace") as f, open(dst, "w") as o:
        for line in f:
            m = pat.match(line.rstrip("\n"))
            if m:
                o.write("%s\t%s\t%s\n" % (m.group(1), m.group(3), int(m.group(2)) / 100))


def conv_ssdeep(src, dst):
    # "A matches B (71)"
    pat = re.compile(r"^(.*) matches (.*) \((\d+)\)$")
    with open(src, errors="replace") as f, open(dst, "w") as o:
        for line in f:
            m = pat.match(line.rstrip("\n"))
            if m:
                o.write("%s\t%s\t%s\n" % (m.group(1), m.group(2), m.group(3)))


def conv_tlsh(src, dst, maxd):
    # "A<TAB>B<TAB>distance"
    with open(src, errors="replace") as f, open(dst, "w") as o:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 3:
                try:
                    d = float(p[2])
                except ValueError:
                    continue
                if d <= maxd:
                    o.write("%s\t%s\t%s\n" % (p[0], p[1], p[2]))


def read_pairs(path):
    found = set()
    if path.endswith(".jsonl"):  # textrace scan report
        with open(path) as f:
            for line in f:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if r.get("type") == "pair":
                    found.add((str(r["a"]), str(r["b"])))
    else:
        with open(path, errors="replace") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) >= 2:
                    found.add((p[0], p[1]))
    out = set()
    for a, b in found:
        a, b = norm(a), norm(b)
        if a != b:
            out.add((a, b) if a < b else (b, a))
    return out


def score(path, truth_path):
    truth = {}
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with open(truth_path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 2:
                continue
            a, b = norm(p[0]), norm(p[1])
            kind = p[2].strip() if len(p) > 2 and p[2].strip() else "all"
            truth[(a, b) if a < b else (b, a)] = kind
            parent[find(a)] = find(b)
    found = read_pairs(path)
    kinds = sorted(set(truth.values()))
    res = {"pairs": len(found)}
    tp = [k for k in truth if k in found]
    res["recall"] = "%.3f" % (len(tp) / len(truth)) if truth else "-"
    for kd in kinds:
        n = sum(1 for v in truth.values() if v == kd)
        h = sum(1 for k in tp if truth[k] == kd)
        res["recall_" + kd] = "%.3f" % (h / n)
    spur = fam = 0
    for a, b in found:
        if (a, b) in truth:
            continue
        if a in parent and b in parent and find(a) == find(b):
            fam += 1
        else:
            spur += 1
    res["spurious"] = spur
    res["in_family"] = fam
    json.dump(res, sys.stdout)


def from_scale(kinds):
    d = json.load(sys.stdin)
    def rc(x, y):
        r = "%.3f" % x
        return r + " (+dup %.3f)" % y if y is not None and abs(y - x) > 1e-9 else r
    res = {"pairs": d["reported"], "recall": rc(d["recall"], d.get("recall_with_dup")),
           "spurious": d["spurious"], "in_family": d["family"]}
    for k in kinds:
        kd = d["kinds"].get(k)
        res["recall_" + k] = rc(kd["recall"], kd.get("recall_with_dup")) if kd else "-"
    json.dump(res, sys.stdout)


def table(summary):
    rows = [l.rstrip("\n").split("\t") for l in open(summary) if l.strip()]
    head, rows = rows[0], rows[1:]
    base = None
    for r in rows:
        if r[0] == "textrace" and re.match(r"^[0-9.]+$", r[2]):
            base = float(r[2])
    if base:
        head = head[:3] + ["x textrace"] + head[3:]
        for i, r in enumerate(rows):
            x = "%.1f" % (float(r[2]) / base) if re.match(r"^[0-9.]+$", r[2]) and base > 0 else "-"
            rows[i] = r[:3] + [x] + r[3:]
    w = [max(len(r[i]) if i < len(r) else 0 for r in [head] + rows) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join((r[i] if i < len(r) else "").ljust(w[i]) for i in range(len(head))).rstrip())


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "simtext":
        conv_simtext(sys.argv[2], sys.argv[3])
    elif cmd == "ssdeep":
        conv_ssdeep(sys.argv[2], sys.argv[3])
    elif cmd == "tlsh":
        conv_tlsh(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    elif cmd == "score":
        score(sys.argv[2], sys.argv[3])
    elif cmd == "kinds":
        ks = set()
        for line in open(sys.argv[2]):
            p = line.rstrip("\n").split("\t")
            if len(p) >= 2:
                ks.add(p[2].strip() if len(p) > 2 and p[2].strip() else "all")
        print(" ".join(sorted(ks)))
    elif cmd == "fromscale":
        from_scale(sys.argv[2].split())
    elif cmd == "table":
        table(sys.argv[2])
PYEOF

kinds=$($py "$helper" kinds "$truth")
summary=$out/summary.tsv
{
  printf 'peer\tstatus\twall s\tpeak RSS MB\tpairs\trecall'
  for k in $kinds; do printf '\trecall %s' "$k"; done
  printf '\tspurious\tin-family\n'
} >"$summary"

list=$out/list.txt
if [[ -d $docs ]]; then
  find "$docs" -type f | LC_ALL=C sort >"$list"
  ndocs=$(wc -l <"$list")
  echo "peers: $ndocs documents in $docs ($(du -sh "$docs" | cut -f1)), $(wc -l <"$truth") planted pairs, kinds: $kinds"
else
  : >"$list"
  echo "peers: no $docs: only textrace can run" >&2
fi
echo "peers: output in $out, per-tool limit ${limit}s"

# row PEER STATUS [WALL RSS_MB SCORE_JSON]
row() {
  local peer=$1 status=$2 wall=${3:--} rss=${4:--} js=${5:-}
  if [[ -n $js ]]; then
    $py - "$js" "$kinds" "$peer" "$status" "$wall" "$rss" >>"$summary" <<'EOF'
import json, sys
r = json.loads(sys.argv[1]); kinds = sys.argv[2].split()
cells = sys.argv[3:7] + [str(r["pairs"]), r["recall"]] + [r["recall_" + k] for k in kinds]
cells += [str(r["spurious"]), str(r["in_family"])]
print("\t".join(cells))
EOF
  else
    { printf '%s\t%s\t%s\t%s\t-\t-' "$peer" "$status" "$wall" "$rss"
      for k in $kinds; do printf '\t-'; done
      printf '\t-\t-\n'; } >>"$summary"
  fi
}

# timed PEER CMD...: runs CMD under /usr/bin/time -v and timeout, stdout to $out/PEER.raw
# (or to the file named by $raw_to), stderr to $out/PEER.err; sets t_rc t_wall t_rss
timed() {
  local peer=$1; shift
  local tf=$out/$peer.time dst=${raw_to:-$out/$peer.raw}
  t_rc=0
  /usr/bin/time -v -o "$tf" timeout -k 10 "$limit" "$@" >"$dst" 2>"$out/$peer.err" || t_rc=$?
  [[ -f $tf ]] || { t_wall=-; t_rss=-; return; }
  t_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
             for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$tf")
  t_rss=$(awk -F': *' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tf")
}

declare -a scored=()

# finish PEER PAIRS_FILE: table row, official score
finish() {
  local peer=$1 pairs=$2
  if [[ $t_rc -eq 124 || $t_rc -eq 137 ]]; then
    echo "  $peer: killed after ${limit}s"
    row "$peer" "killed" "> $limit" "${t_rss:--}"
    return
  fi
  if [[ $t_rc -ne 0 ]]; then
    local why="failed rc=$t_rc"
    grep -q "heap out of memory" "$out/$peer.err" 2>/dev/null && why="out of memory (V8 heap; raise DOLOS_HEAP_MB)"
    echo "  $peer: $why; last lines of $out/$peer.err:"
    grep -v '^ *[0-9]*: 0x' "$out/$peer.err" | tail -n 5 | sed 's/^/    /'
    row "$peer" "${why%% (*}" "$t_wall" "$t_rss"
    return
  fi
  local n
  if [[ $pairs == *.jsonl ]]; then n=$(grep -c '"type":"pair"' "$pairs"); else n=$(wc -l <"$pairs"); fi
  echo "  $peer: ${t_wall}s, ${t_rss} MB, $n pair lines"
  local js="" scorer=""
  rm -f "$out/$peer.score"
  if [[ -f $scale_eval && -f $corpus/families.tsv ]]; then
    local -a args=("$pairs")
    [[ $peer == textrace ]] || args=(--pairs "$pairs")
    scorer="bench/scale_eval.py"
    $py "$scale_eval" "${args[@]}" "$corpus" >"$out/$peer.score" 2>&1
    js=$($py "$scale_eval" "${args[@]}" "$corpus" --json 2>/dev/null | $py "$helper" fromscale "$kinds" 2>/dev/null) || js=""
  elif [[ $peer != textrace ]]; then
    scorer="eval-pairs.py"
    $py "$peers_dir/eval-pairs.py" "$pairs" "$truth" >"$out/$peer.score" 2>&1
  fi
  # the table's numbers: scale_eval.py's when it answered, else the built-in scorer's
  [[ -n $js ]] || js=$($py "$helper" score "$pairs" "$truth")
  row "$peer" "ok" "$t_wall" "$t_rss" "$js"
  [[ -f $out/$peer.score ]] && scored+=("$peer ($scorer)")
}

skip() { echo "  $1: skipped: $2"; row "$1" "not run"; }

if [[ -n ${TEXTRACE:-} ]]; then
  if [[ ! -x $TEXTRACE ]]; then
    skip textrace "TEXTRACE=$TEXTRACE is not executable"
  else
    input=$corpus/corpus.jsonl
    [[ -f $input ]] || input=$docs
    echo "  textrace: scan $input ${TEXTRACE_ARGS:-}"
    rm -f "$out/textrace.jsonl"
    # shellcheck disable=SC2086
    timed textrace "$TEXTRACE" scan "$input" -o "$out/textrace.jsonl" ${TEXTRACE_ARGS:-}
    [[ $t_rc -ne 0 || -f $out/textrace.jsonl ]] || t_rc=1
    finish textrace "$out/textrace.jsonl"
  fi
fi

for peer in $peers; do
  [[ -s $list ]] || { skip "$peer" "no documents"; continue; }
  pairs=$out/$peer.pairs
  rm -f "$pairs" "$out/$peer.raw"
  case $peer in
    minhash-lsh)
      bin=$peers_bin/minhash-lsh-pairs
      if [[ ! -x $bin ]]; then
        if command -v go >/dev/null && [[ -d /usr/share/gocode/src/github.com/ekzhu/minhash-lsh ]]; then
          echo "  minhash-lsh: building $bin"
          mkdir -p "$peers_bin"
          (cd "$peers_dir" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=${GOCACHE:-/tmp/peers-gocache} \
            go build -o "$bin" minhash-lsh-pairs.go) || true
        fi
      fi
      [[ -x $bin ]] || { skip "$peer" "no $bin and no Go toolchain + golang-github-ekzhu-minhash-lsh-dev to build it"; continue; }
      raw_to=$pairs timed "$peer" "$bin" -k 5 -perm 128 -t 0.3 - <"$list"
      finish "$peer" "$pairs" ;;
    minhash-js)
      command -v node >/dev/null || { skip "$peer" "no node"; continue; }
      [[ -d $peers_npm/node_modules/minhash ]] || { skip "$peer" "no $peers_npm/node_modules/minhash (npm install minhash@0.0.9)"; continue; }
      raw_to=$pairs NODE_PATH=$peers_npm/node_modules \
        timed "$peer" node "$peers_dir/minhash-js-pairs.cjs" --k 5 --band 3 - <"$list"
      finish "$peer" "$pairs" ;;
    dolos)
      command -v node >/dev/null || { skip "$peer" "no node"; continue; }
      [[ -d $peers_npm/node_modules/@dodona/dolos-lib ]] || { skip "$peer" "no $peers_npm/node_modules/@dodona/dolos-lib (npm install @dodona/dolos-lib@3.5.1)"; continue; }
      # the driver resolves dolos-lib from the working directory; the list holds absolute paths
      pushd "$peers_npm" >/dev/null || exit 1
      raw_to=$pairs NODE_OPTIONS=${DOLOS_HEAP_MB:+--max-old-space-size=$DOLOS_HEAP_MB} \
        timed "$peer" node "$peers_dir/dolos-pairs.mjs" --min "$dolos_min" - <"$list"
      popd >/dev/null || exit 1
      finish "$peer" "$pairs" ;;
    sim_text)
      command -v sim_text >/dev/null || { skip "$peer" "no sim_text (apt-get install -y similarity-tester)"; continue; }
      timed "$peer" sim_text -r8 -p -s -t20 -T -i <"$list"
      [[ $t_rc -eq 0 ]] && $py "$helper" simtext "$out/$peer.raw" "$pairs"
      finish "$peer" "$pairs" ;;
    simhash)
      command -v simhash >/dev/null || { skip "$peer" "no simhash (apt-get install -y simhash)"; continue; }
      # -m prints a lower-triangular similarity matrix (n^2/2 numbers): keep only the pairs >= SIMHASH_MIN
      # while it streams, in a FIFO so that the timing covers simhash alone
      fifo=$out/.simhash.fifo
      rm -f "$fifo"; mkfifo "$fifo"
      awk -v min="$simhash_min" 'NR > 1 && NF >= 2 { name[$2] = $1
             for (j = 3; j <= NF; j++) if ($j + 0 >= min) printf "%s\t%s\t%s\n", name[j - 2], $1, $j }' \
        <"$fifo" >"$pairs" &
      awk_pid=$!
      mapfile -t files < <(sed "s|^$docs/||" "$list")
      pushd "$docs" >/dev/null || exit 1
      raw_to=$fifo timed "$peer" simhash -m "${files[@]}"
      popd >/dev/null || exit 1
      wait "$awk_pid"
      rm -f "$fifo"; unset files
      finish "$peer" "$pairs" ;;
    ssdeep)
      command -v ssdeep >/dev/null || { skip "$peer" "no ssdeep (apt-get install -y ssdeep)"; continue; }
      timed "$peer" ssdeep -d -r "$docs"
      [[ $t_rc -eq 0 ]] && $py "$helper" ssdeep "$out/$peer.raw" "$pairs"
      finish "$peer" "$pairs" ;;
    tlsh)
      command -v tlsh >/dev/null || { skip "$peer" "no tlsh (apt-get install -y tlsh-tools)"; continue; }
      timed "$peer" tlsh -xref -r "$docs" -T 50
      [[ $t_rc -eq 0 ]] && $py "$helper" tlsh "$out/$peer.raw" "$pairs" "$tlsh_max"
      finish "$peer" "$pairs" ;;
    *)
      skip "$peer" "unknown peer (known: minhash-lsh minhash-js dolos sim_text simhash ssdeep tlsh)" ;;
  esac
done

echo
echo "== $(basename "$corpus"): recall of planted pairs; spurious = reported pairs outside every planted family"
echo "   (thresholds: minhash LSH t=0.3, dolos >= $dolos_min, sim_text >= 20%, simhash >= $simhash_min, ssdeep > 0, tlsh <= $tlsh_max)"
$py "$helper" table "$summary"
if [[ ${#scored[@]} -gt 0 ]]; then
  echo
  echo "== each tool's pairs as its scorer prints them (kept in $out/<peer>.score)"
  for p in "${scored[@]}"; do
    echo "-- $p"
    sed 's/^/   /' "$out/${p%% *}.score"
  done
fi
