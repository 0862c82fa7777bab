#!/usr/bin/env bash
# HTML report at scale: a generated collection of about 100 MB with more than 10,000 related pairs,
# scanned with --html, then opened in headless Chromium (tests/browser/cdp.py, over the DevTools
# pipe) to time what a reader does: the overview becoming usable, sorting and filtering the pairs
# table, opening a pair, printing the table; and the JavaScript heap after loading.
#
# usage: bash bench/html_bench.sh [DIR]          (default DIR: /tmp/textrace-html-bench)
# environment: TEXTRACE (default build-html/textrace, else build/textrace), MB (default 100),
#   DERIVED (share of derived documents, default 0.4: bench/gen_corpus.py plants 0.1, which gives
#   about 3,700 related pairs in 100 MB), SEED (1), THREADS (2), CHROMIUM (/usr/bin/chromium),
#   RUNS (timed repetitions of each step, default 5), RESCAN (1: scan again even if DIR/R.html exists)
# Writes DIR/corpus.jsonl (kept between runs), DIR/R.html, DIR/R.jsonl, DIR/scan.err and
# DIR/bench.json; prints a table. See bench/README-html.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-/tmp/textrace-html-bench}
bin=${TEXTRACE:-}
if [ -z "$bin" ]; then
  bin=$root/build-html/textrace
  [ -x "$bin" ] || bin=$root/build/textrace
fi
mb=${MB:-100}
derived=${DERIVED:-0.4}
threads=${THREADS:-2}
mkdir -p "$dir"

if [ ! -s "$dir/corpus.jsonl" ]; then
  echo "generating $mb MB (derived share $derived) in $dir ..." >&2
  ROOT=$root OUT=$dir MB=$mb DERIVED=$derived SEED=${SEED:-1} /usr/bin/python3 - <<'PY'
import os, sys
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.environ["ROOT"], "bench"))
import gen_corpus  # noqa: E402
gen_corpus.DERIVED_SHARE = float(os.environ["DERIVED"])
sys.argv = ["gen_corpus.py", "--out", os.environ["OUT"], "--mb", os.environ["MB"],
            "--seed", os.environ["SEED"], "--format", "jsonl"]
gen_corpus.main()
PY
fi

if [ "${RESCAN:-1}" = 1 ] || [ ! -s "$dir/R.html" ]; then
  echo "scanning: $bin scan $dir/corpus.jsonl --html $dir/R.html -o $dir/R.jsonl --threads $threads" >&2
  /usr/bin/time -v "$bin" scan "$dir/corpus.jsonl" --html "$dir/R.html" -o "$dir/R.jsonl" \
    --threads "$threads" --no-progress 2> "$dir/scan.err"
fi
grep '^textrace scan: [0-9]* documents' "$dir/scan.err" >&2 || true

ROOT=$root DIR=$dir RUNS=${RUNS:-5} /usr/bin/python3 - <<'PY'
import json, os, re, statistics, sys, time
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.environ["ROOT"], "tests", "browser"))
import cdp  # noqa: E402

d, runs = os.environ["DIR"], int(os.environ["RUNS"])
html = os.path.join(d, "R.html")
err = open(os.path.join(d, "scan.err"), encoding="utf-8", errors="replace").read()
m = re.search(r"textrace scan: (\d+) documents \(([\d.]+) MB\).*?; (\d+) related pairs", err)
if not m:
    sys.exit("html_bench: no run summary in %s/scan.err" % d)
docs, text_mb, npairs = int(m.group(1)), float(m.group(2)), int(m.group(3))
wall = re.search(r"Elapsed \(wall clock\) time.*?: (\S+)", err)
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
if npairs < 10000:
    print("html_bench: warning: only %d related pairs (raise MB or DERIVED)" % npairs, file=sys.stderr)

chromium = cdp.find_chromium(os.environ.get("CHROMIUM"))
if not chromium:
    sys.exit("html_bench: chromium not found")

# One frame after an action: its handlers ran, style, layout and paint followed.
FRAME = "new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"


def timed(page, action_js, done_js="true"):
    """ms from just before action_js to the first frame after it once done_js holds (in the page)."""
    return page.evaluate("""(async () => {
      const t0 = performance.now();
      %s;
      while (!(%s)) await new Promise(r => setTimeout(r, 1));
      await %s;
      return performance.now() - t0;
    })()""" % (action_js, done_js, FRAME), timeout=120)


res = {"html_bytes": os.path.getsize(html), "documents": docs, "text_mb": text_mb,
       "related_pairs": npairs, "scan_wall": wall.group(1) if wall else None,
       "scan_rss_mb": int(rss.group(1)) // 1024 if rss else None, "runs": runs}
loads = []
with cdp.Browser(chromium, width=1400, height=900) as browser:
    res["chromium"] = browser.version.get("product")
    for i in range(runs):
        page = browser.new_page()
        page.send("Performance.enable")
        t0 = time.monotonic()
        page.navigate("file://" + os.path.abspath(html))
        page.wait_for('document.body && document.body.dataset.ready === "1"', timeout=120, interval=0.02)
        outside = (time.monotonic() - t0) * 1000
        page.wait_for('document.readyState === "complete"', timeout=300, interval=0.05)
        t = page.evaluate("""(() => {
          const n = performance.getEntriesByType("navigation")[0];
          const r = performance.getEntriesByName("textrace-ready")[0];
          return {ready: r ? r.startTime : null, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                  rows: document.querySelectorAll("#pairs tbody tr").length};
        })()""")
        t["outside"] = outside
        loads.append(t)
        if i + 1 < runs:
            page.send("Target.closeTarget", {"targetId": page.target_id})
    # the last page stays open for the interactions
    # the first row clicked as soon as the overview shows, while the rest of the file loads
    early = browser.new_page()
    early.navigate("file://" + os.path.abspath(html))
    early.wait_for('document.body && document.body.dataset.ready === "1"', timeout=120, interval=0.02)
    res["early_open"] = early.evaluate("""(async () => {
      const loading = document.readyState === "loading", t0 = performance.now();
      document.querySelector("#pairs tbody tr.pair-row").click();
      while (document.querySelector("#pair-view").dataset.ready !== "1") await new Promise(r => setTimeout(r, 5));
      await %s;
      return {loading, ms: performance.now() - t0, at: t0,
              dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd};
    })()""" % FRAME, timeout=300)
    early.send("Target.closeTarget", {"targetId": early.target_id})
    page.send("HeapProfiler.enable")
    page.send("HeapProfiler.collectGarbage")
    heap = page.send("Runtime.getHeapUsage")
    metrics = {m["name"]: m["value"] for m in page.send("Performance.getMetrics")["metrics"]}
    res["heap_used_mb"] = heap["usedSize"] / 1e6
    res["heap_total_mb"] = heap["totalSize"] / 1e6
    res["dom_nodes"] = int(metrics.get("Nodes", 0))
    res["rows_drawn"] = loads[-1]["rows"]

    steps = {}
    sort_js = 'document.querySelector(\'#pairs th[data-key="coverage_a"] button\').click()'
    steps["sort by coverage A"] = [timed(page, sort_js) for _ in range(runs)]
    steps["sort by document A id"] = [timed(page, sort_js.replace("coverage_a", "a")) for _ in range(runs)]
    page.evaluate(sort_js.replace("coverage_a", "index"))
    flt = ('(() => { const s = document.querySelector("#filter-relation"); s.value = %s; '
           's.dispatchEvent(new Event("change")); })()')
    steps["filter relation = rewrite"] = []
    steps["filter: back to all"] = []
    for _ in range(runs):
        steps["filter relation = rewrite"].append(timed(page, flt % '"rewrite"'))
        steps["filter: back to all"].append(timed(page, flt % '""'))
    txt = ('(() => { const s = document.querySelector("#filter-text"); s.value = %s; '
           's.dispatchEvent(new Event("input")); })()')
    # (the id filter waits 120 ms after the last keystroke by design; that wait is included)
    steps["filter id contains (120 ms debounce)"] = []
    for _ in range(runs):
        steps["filter id contains (120 ms debounce)"].append(timed(
            page, txt % '"d0001"', 'document.querySelector("#pairs-count").textContent.indexOf(" of ") >= 0 && '
            'Array.from(document.querySelectorAll("#pairs tbody tr.pair-row")).every(r => '
            '(r.dataset.a + r.dataset.b).indexOf("d0001") >= 0)'))
        page.evaluate(txt % '""')
        time.sleep(0.3)
    # open pairs: the first row by a click, and the pair with the most text (worst case) by its URL
    big = page.evaluate("""(() => {
      const data = JSON.parse(document.getElementById("textrace-data").textContent);
      const f = data.fields, ia = f.pairs.indexOf("a"), ib = f.pairs.indexOf("b"), ic = f.documents.indexOf("chars");
      let best = 0, size = -1;
      data.pairs.forEach((p, i) => { const s = data.documents[p[ia]][ic] + data.documents[p[ib]][ic];
                                     if (s > size) { size = s; best = i; } });
      return {pair: best, chars: size};
    })()""")
    back = 'location.hash = "overview"'
    ready = 'document.querySelector("#pair-view").dataset.ready === "1"'
    over = '!document.querySelector("#overview").hidden'
    steps["open pair (click row)"] = []
    steps["open largest pair (%d chars)" % big["chars"]] = []
    steps["back to overview"] = []
    for i in range(runs):
        steps["open pair (click row)"].append(timed(
            page, 'document.querySelectorAll("#pairs tbody tr.pair-row")[%d].click()' % (i * 7), ready))
        steps["back to overview"].append(timed(page, back, over))
        steps["open largest pair (%d chars)" % big["chars"]].append(timed(
            page, 'location.hash = "pair=%d"' % big["pair"], ready))
        timed(page, back, over)
    steps["print: draw all rows (media print)"] = []
    for _ in range(runs):
        t0 = time.monotonic()
        page.emulate_media("print")
        page.evaluate(FRAME)
        steps["print: draw all rows (media print)"].append((time.monotonic() - t0) * 1000)
        res["print_note"] = page.evaluate('document.querySelector("#print-note").textContent')
        res["print_rows"] = page.evaluate('document.querySelectorAll("#pairs tbody tr").length')
        page.emulate_media("")
        page.evaluate(flt % '"rewrite"')  # redraw the table lazily for the next run
        page.evaluate(flt % '""')
    page.send("HeapProfiler.collectGarbage")
    res["heap_used_after_mb"] = page.send("Runtime.getHeapUsage")["usedSize"] / 1e6
    errors = [e for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
    res["page_errors"] = len(errors)

med = statistics.median
res["load"] = {k: med([t[k] for t in loads]) for k in ("ready", "dcl", "load", "outside")}
res["steps"] = {k: {"median": med(v), "max": max(v)} for k, v in steps.items()}
json.dump(res, open(os.path.join(d, "bench.json"), "w"), indent=1)

print()
print("report: %s, %.1f MB HTML; %d documents, %.1f MB of text, %d related pairs; scan %s wall, %s MB peak"
      % (html, res["html_bytes"] / 1e6, docs, text_mb, npairs, res["scan_wall"], res["scan_rss_mb"]))
print("browser: %s, headless, 1400x900; %d runs, median (max) in ms" % (res["chromium"], runs))
print("%-44s %10s %10s" % ("step", "median ms", "max ms"))
print("%-44s %10.0f %10.0f" % ("overview usable (body[data-ready=1])", res["load"]["ready"],
                               max(t["ready"] for t in loads)))
print("%-44s %10.0f %10.0f" % ("  same, seen from the test (polling 20 ms)", res["load"]["outside"],
                               max(t["outside"] for t in loads)))
print("%-44s %10.0f %10.0f" % ("whole file parsed (DOMContentLoaded)", res["load"]["dcl"],
                               max(t["dcl"] for t in loads)))
print("%-44s %10.0f %10.0f" % ("load event", res["load"]["load"], max(t["load"] for t in loads)))
e = res["early_open"]
print("%-44s %10.0f %10s" % ("open first row while the file loads", e["ms"],
                             "(clicked at %.0f ms, file parsed at %.0f ms%s)"
                             % (e["at"], e["dcl"], "" if e["loading"] else ", NOT during load")))
for k, v in res["steps"].items():
    print("%-44s %10.0f %10.0f" % (k, v["median"], v["max"]))
print("JS heap after load (after GC): %.1f MB used of %.1f MB; %.1f MB after the steps; %d DOM nodes, "
      "%d table rows drawn; %d page errors"
      % (res["heap_used_mb"], res["heap_total_mb"], res["heap_used_after_mb"], res["dom_nodes"],
         res["rows_drawn"], res["page_errors"]))
print("printing: %d rows drawn; note: %s" % (res["print_rows"], res["print_note"]))
PY
