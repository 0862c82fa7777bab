#!/usr/bin/env bash
# Web-path benchmark: times `textrace extract` (WARC -> one JSON line per HTML document: id, url,
# date, encoding, main text) on a synthetic crawl from bench/gen_warc.py, with two reference
# points on the same file: `zcat FILE > /dev/null` (gzip decompression alone) and a naive Python
# peer (stdlib gzip + html.parser: all text outside script/style, no main-text extraction, no
# boilerplate removal).
#
# usage: bash bench/web_bench.sh [MB]            (MB of HTML payload, default 100)
# environment:
#   TEXTRACE      the binary (default build/textrace)
#   WEBBENCH_DIR  where the crawl and the outputs go (default /tmp/webbench)
#   SEED          generator seed (default 1); the crawl is generated once into
#                 $WEBBENCH_DIR/crawl-MB.warc.gz (with crawl-MB.truth.tsv and crawl-MB.families.tsv)
#                 and reused while present
#                 (delete it to regenerate, e.g. with another SEED)
#   PYPEER        0 skips the Python peer (default 1)
#   REFS_ANYWAY   1: when `textrace extract` is missing, still time the reference points
#                 (the script exits 3 all the same)
#
# Prints one table row per tool: wall and CPU seconds, peak RSS, documents written, throughput in
# MB (10^6 bytes) per wall second and per CPU second of the uncompressed WARC and of the .warc.gz.
# Exit status: 0 done; 2 no binary (or no GNU time); 3 the binary has no `extract` subcommand;
# 4 extract failed; 5 extract ran but wrote no documents (the timing is then meaningless).
set -euo pipefail

mb=${1:-100}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${TEXTRACE:-$root/build/textrace}
dir=${WEBBENCH_DIR:-/tmp/webbench}
seed=${SEED:-1}
pypeer=${PYPEER:-1}
warc=$dir/crawl-$mb.warc.gz
truth=$dir/crawl-$mb.truth.tsv
families=$dir/crawl-$mb.families.tsv
mkdir -p "$dir"

[[ -x /usr/bin/time ]] || { echo "web_bench: needs GNU time at /usr/bin/time (Debian package 'time')" >&2; exit 2; }

# ---- the input, generated once
if [[ ! -s $warc ]]; then
  echo "web_bench: generating $warc ($mb MB of HTML, seed $seed) ..." >&2
  /usr/bin/time -f "web_bench: generated in %e s (peak %M KB)" \
    /usr/bin/python3 "$root/bench/gen_warc.py" --out "$warc" --mb "$mb" --seed "$seed" --truth "$truth" --families "$families"
else
  echo "web_bench: reusing $warc (delete it to regenerate)" >&2
fi
gz_bytes=$(stat -c %s "$warc")
if [[ ! -s $warc.size || $warc.size -ot $warc ]]; then
  zcat "$warc" | wc -c > "$warc.size"
fi
raw_bytes=$(cat "$warc.size")

# ---- is there a `textrace extract`?
have_extract=1
if [[ ! -x $bin ]]; then
  echo "web_bench: no textrace binary at $bin (build it, or set TEXTRACE=...)" >&2
  exit 2
fi
if ! "$bin" --help 2>&1 | grep -Eq '^[[:space:]]+extract([[:space:]]|$)'; then
  echo "web_bench: $bin has no 'extract' subcommand (\`textrace extract\` is not built yet): nothing to time." >&2
  have_extract=0
  [[ ${REFS_ANYWAY:-0} == 1 ]] || exit 3
fi

# ---- timings
# row LABEL TIMEFILE DOCS: one table line from a GNU time -v report
row() {
  awk -v label="$1" -v docs="$3" -v raw="$raw_bytes" -v gz="$gz_bytes" -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
    /User time \(seconds\)/   { cpu += $2 }
    /System time \(seconds\)/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 / 1024 }
    END {
      if (wall <= 0) wall = 0.001; if (cpu <= 0) cpu = 0.001
      printf "%-44s %7.2f %7.2f %8.0f %7s %9.1f %8.1f %9.1f %8.1f\n", label, wall, cpu, rss, docs,
             raw / 1e6 / wall, gz / 1e6 / wall, raw / 1e6 / cpu, gz / 1e6 / cpu
    }' "$2"
}

rows=()
if [[ $have_extract == 1 ]]; then
  # --threads 1 where extract has the option (the interface it is written against); otherwise as it is
  threads=()
  label='textrace extract --threads 1'
  if "$bin" extract --help 2>&1 | grep -q -- '--threads'; then
    threads=(--threads 1)
  else
    label='textrace extract (has no --threads)'
    echo "web_bench: note: \`textrace extract\` has no --threads option; timing it without" >&2
  fi
  echo "web_bench: $label ..." >&2
  rc=0
  /usr/bin/time -v "$bin" extract "$warc" -o "$dir/docs.jsonl" "${threads[@]}" 2> "$dir/extract.time" || rc=$?
  if [[ $rc != 0 ]]; then
    echo "web_bench: textrace extract failed (exit $rc); last lines of $dir/extract.time:" >&2
    grep -v '^\s' "$dir/extract.time" | tail -n 15 >&2
    exit 4
  fi
  extract_docs=$(wc -l < "$dir/docs.jsonl")
  rows+=("$(row "$label" "$dir/extract.time" "$extract_docs")")
fi

echo "web_bench: zcat > /dev/null ..." >&2
/usr/bin/time -v zcat "$warc" > /dev/null 2> "$dir/zcat.time"
rows+=("$(row 'zcat > /dev/null (decompression only)' "$dir/zcat.time" -)")

if [[ $pypeer == 1 ]]; then
  cat > "$dir/py_peer.py" <<'PY'
# Naive peer for bench/web_bench.sh: Python stdlib only. Reads WARC response records (gzip
# members via the gzip module), undoes chunked and gzip bodies, picks the charset (BOM, HTTP
# header, <meta> in the first 1024 bytes, else windows-1252), and keeps ALL text outside
# script/style/noscript/template/svg with html.parser: no main-text extraction, no boilerplate
# removal. One JSON line per text/html 200 response: id, url, date, encoding, text.
import gzip, json, re, sys, zlib
from html.parser import HTMLParser

WHATWG = {"utf-8": "utf-8", "utf8": "utf-8", "windows-1251": "cp1251", "cp1251": "cp1251",
          "windows-1252": "cp1252", "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
          "koi8-r": "koi8_r"}
META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)
BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "blockquote",
         "section", "article", "header", "footer", "nav", "aside", "ul", "ol", "table", "figcaption"}


class Text(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def dechunk(b):
    out, pos = [], 0
    while True:
        eol = b.find(b"\r\n", pos)
        if eol < 0:
            return b"".join(out)
        n = int(b[pos:eol].split(b";")[0] or b"0", 16)
        if n == 0:
            return b"".join(out)
        out.append(b[eol + 2:eol + 2 + n])
        pos = eol + 4 + n


def main(path, out_path):
    docs = 0
    with gzip.open(path, "rb") as f, open(out_path, "w", encoding="utf-8") as out:
        while True:
            line = f.readline()
            if not line:
                break
            if not line.startswith(b"WARC/"):
                continue
            h = {}
            while True:
                ln = f.readline()
                if ln in (b"\r\n", b"\n", b""):
                    break
                k, _, v = ln.decode("utf-8", "replace").partition(":")
                h[k.strip().lower()] = v.strip()
            block = f.read(int(h.get("content-length", "0")))
            if h.get("warc-type") != "response":
                continue
            he = block.find(b"\r\n\r\n")
            if he < 0:
                continue
            lines = block[:he].decode("latin-1").split("\r\n")
            m = re.match(r"HTTP/1\.[01] (\d+)", lines[0])
            if not m or m.group(1) != "200":
                continue
            hh = {}
            for ln in lines[1:]:
                k, _, v = ln.partition(":")
                hh[k.strip().lower()] = v.strip()
            ctype = hh.get("content-type", "")
            if not ctype.lower().startswith("text/html"):
                continue
            body = block[he + 4:]
            if hh.get("transfer-encoding", "").lower() == "chunked":
                body = dechunk(body)
            if hh.get("content-encoding", "").lower() == "gzip":
                try:
                    body = zlib.decompress(body, 31)
                except zlib.error:
                    continue
            cs = re.search(r"charset=\"?([^\s;\"]+)", ctype, re.I)
            label = cs.group(1).lower() if cs else None
            if body.startswith(b"\xef\xbb\xbf"):
                body, label = body[3:], "utf-8"
            if not label:
                mm = META.search(body[:1024])
                label = mm.group(1).decode("ascii").lower() if mm else None
            enc = WHATWG.get(label, "cp1252") if label else "cp1252"
            p = Text()
            p.feed(body.decode(enc, "replace"))
            p.close()
            text = "\n".join(" ".join(s.split()) for s in "".join(p.parts).split("\n"))
            text = re.sub(r"\n{2,}", "\n", text).strip()
            rid = h.get("warc-record-id", "").strip("<>")
            out.write(json.dumps({"id": rid, "url": h.get("warc-target-uri"), "date": h.get("warc-date"),
                                  "encoding": enc, "text": text}, ensure_ascii=False) + "\n")
            docs += 1
    print(f"py_peer: {docs} documents", file=sys.stderr)


main(sys.argv[1], sys.argv[2])
PY
  echo "web_bench: python3 html.parser peer ..." >&2
  /usr/bin/time -v /usr/bin/python3 "$dir/py_peer.py" "$warc" "$dir/py_peer.jsonl" 2> "$dir/py_peer.time"
  rows+=("$(row 'python3 html.parser (naive peer, all text)' "$dir/py_peer.time" "$(wc -l < "$dir/py_peer.jsonl")")")
fi

echo
echo "input: $warc: $(awk -v b="$raw_bytes" 'BEGIN{printf "%.1f", b/1e6}') MB uncompressed WARC, $(awk -v b="$gz_bytes" 'BEGIN{printf "%.1f", b/1e6}') MB compressed; one process each, on $(nproc) cores"
printf '%-44s %7s %7s %8s %7s %9s %8s %9s %8s\n' tool wall_s cpu_s peak_MB docs WARC_MB/s gz_MB/s WARC/cpu-s gz/cpu-s
for r in "${rows[@]}"; do echo "$r"; done
if [[ $have_extract == 1 && $extract_docs == 0 ]]; then
  echo "web_bench: textrace extract wrote NO documents; its messages (first lines of $dir/extract.time):" >&2
  grep -v '^\s' "$dir/extract.time" | head -n 5 >&2
  exit 5
fi
if [[ $have_extract == 0 ]]; then
  echo "web_bench: \`textrace extract\` is missing from $bin: only the reference points were timed." >&2
  exit 3
fi
