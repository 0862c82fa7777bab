#!/usr/bin/env bash
# Whether a change left textrace's outputs as they were: runs one set of commands with two builds
# of the tool and compares every output byte for byte. For restructurings that must not change a
# result (docs/design.md says which outputs are pinned).
#
#   bash bench/same_output.sh OLD_TEXTRACE NEW_TEXTRACE OUT_DIR [GENERATED_JSONL]
#
# Runs, with each build: compare (text, json, pan, html) on sample and seed pairs, scan (jsonl,
# text, html) of the sample and the seeds, dedup and extract of the sample, a scan of the PAN
# training collection and `eval pan` (when ../shared/data/pan13-train exists), and a scan of a
# generated collection (bench/gen_corpus.py) when its corpus.jsonl is given. Prints one line per
# output, "same" or "DIFFERENT", and exits 1 when any differs. Timings (the stderr summaries, the
# HTML report's "seconds") are not compared.
set -uo pipefail
if [[ $# -lt 3 ]]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
out=$3
generated=${4:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=$root/../shared
sample=$root/examples/sample
mkdir -p "$out/old" "$out/new"

# run NAME COMMAND...: COMMAND with TR standing for the tool; stdout to NAME, files it names with
# OUT/ under the build's folder. The summary on stderr carries timings and is not compared.
run() {
  local name=$1
  shift
  local side tool arg
  for side in old new; do
    tool=${!side}
    local args=()
    for arg in "$@"; do
      arg=${arg//OUT\//$out/$side/}
      args+=("$arg")
    done
    (cd "$root" && "$tool" "${args[@]}") >"$out/$side/$name" 2>"$out/$side/$name.stderr"
    echo "exit $?" >>"$out/$side/$name"
  done
}

pairs=("original_harbor.txt spun_harbor.txt" "original_harbor.txt partial_harbor.txt"
  "summary_harbor.txt original_harbor.txt" "unrelated_bakery.txt original_harbor.txt")
i=0
for p in "${pairs[@]}"; do
  read -r a b <<<"$p"
  run "compare$i.text" compare "$sample/$a" "$sample/$b" --width 100
  run "compare$i.json" compare "$sample/$a" "$sample/$b" --format json
  run "compare$i.auto.json" compare "$sample/$a" "$sample/$b" --format json --order auto
  run "compare$i.pan" compare "$sample/$a" "$sample/$b" --format pan
  run "compare$i.html.stdout" compare "$sample/$a" "$sample/$b" --html "OUT/compare$i.html"
  i=$((i + 1))
done
run sample.jsonl scan "$sample" -o "OUT/sample.report.jsonl" --threads 2
run sample.text scan "$sample" --format text --threads 2
run sample.html.stdout scan "$sample" --html "OUT/sample.html" --threads 2
run dedup.stdout dedup "$sample" -o "OUT/kept.jsonl" --map "OUT/map.jsonl" --threads 2
run extract.jsonl extract "$sample"
if [[ -d $shared/seeds ]]; then
  seeds=$shared/seeds
  run seeds.jsonl scan "$seeds" -o "OUT/seeds.report.jsonl" --threads 2
  run seeds.html.stdout scan "$seeds" --html "OUT/seeds.html" --threads 2
  run seeds01.json compare "$seeds/000_bb768232c0cc2eed.txt" "$seeds/001_dce158b59031fd31.txt" \
    --format json
fi
if [[ -d $shared/data/pan13-train ]]; then
  pan=$shared/data/pan13-train
  run pan.stdout scan "$pan/src" "$pan/susp" -o "OUT/pan.report.jsonl" --threads 2
  run evalpan.txt eval pan "$pan" --threads 2
fi
if [[ -n $generated ]]; then
  run generated.stdout scan "$generated" -o "OUT/generated.report.jsonl" --threads 2 --no-texts
fi

status=0
for f in "$out"/old/*; do
  name=$(basename "$f")
  [[ $name == *.stderr ]] && continue
  # The HTML report carries the run's timings: they are left out of the comparison.
  if cmp -s <(sed 's/"seconds":{[^}]*}//g' "$f") <(sed 's/"seconds":{[^}]*}//g' "$out/new/$name"); then
    echo "same       $name"
  else
    echo "DIFFERENT  $name"
    status=1
  fi
done
exit $status
