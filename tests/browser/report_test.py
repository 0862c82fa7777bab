#!/usr/bin/python3
"""End-to-end browser test of textrace's HTML report, driven over CDP through a pipe.

    report_test.py --cli PATH/textrace --seeds ../shared/seeds --out DIR
    report_test.py --html-file tests/browser/fixture.html --out DIR   # no scan

Exit status: 0 all checks passed, 1 a check failed (DIR/failure.png saved when a page
was open), 77 skipped (no chromium, or no seeds directory). See README.md.
"""

import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

SKIP = 77
READY_TIMEOUT = 20.0


class Fail(Exception):
    pass


def log(msg):
    print(msg, flush=True)


def ok(msg):
    log("ok    " + msg)


def skip(msg):
    log("SKIP: " + msg)
    sys.exit(SKIP)


# JS helpers shared by the snippets below (evaluated as one expression each time).
JS_HELPERS = r"""
const visibleRect = (el) => {           // the element's client area, viewport coordinates
  const r = el.getBoundingClientRect();
  const top = r.top + el.clientTop, left = r.left + el.clientLeft;
  return {top, left, bottom: top + el.clientHeight, right: left + el.clientWidth};
};
const overlap = (r, p) => Math.max(0, Math.min(r.bottom, p.bottom) - Math.max(r.top, p.top));
const isTransparent = (c) => !c || c === "transparent" || /^rgba\(.*,\s*0(\.0+)?\)$/.test(c);
const shown = (el) => {
  if (!el.getClientRects().length) return false;
  const s = getComputedStyle(el);
  return s.visibility !== "hidden" && s.display !== "none";
};
// A point inside el (preferably hitting el itself, else a descendant) within clip.
const clickPoint = (el, clip) => {
  let fallback = null;
  for (const r of el.getClientRects()) {
    if (r.width < 1 || r.height < 1) continue;
    const y = r.top + r.height / 2;
    if (clip && (y < clip.top + 1 || y > clip.bottom - 1)) continue;
    for (const f of [0.5, 0.25, 0.75, 0.1, 0.9]) {
      const x = r.left + r.width * f;
      if (clip && (x < clip.left + 1 || x > clip.right - 1)) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit === el) return {x, y, hit: "self"};
      if (hit && el.contains(hit) && !fallback) fallback = {x, y, hit: hit.tagName.toLowerCase() + "." + hit.className};
    }
  }
  return fallback;
};
"""


def js(body, **args):
    """An IIFE running body with JSON-encoded args bound as consts."""
    binds = "".join("const %s = %s;\n" % (k, json.dumps(v)) for k, v in args.items())
    return "(() => {\n" + JS_HELPERS + binds + body + "\n})()"


def describe_rows(rows):
    return "\n".join("    pair=%s a=%s b=%s relation=%s" % (r["pair"], r["a"], r["b"], r["rel"]) for r in rows) or "    (none)"


def run_scan(cli, seeds, out):
    if not os.path.isfile(cli) or not os.access(cli, os.X_OK):
        raise Fail("textrace CLI not found or not executable: %s" % cli)
    help_text = subprocess.run([cli, "scan", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, timeout=60).stdout
    if not re.search(r"--html(?![\w-])", help_text):
        raise Fail("%s scan has no --html option (see `%s scan --help`)" % (cli, cli))
    jsonl, html = out / "seeds.jsonl", out / "seeds.html"
    for p in (jsonl, html):
        if p.exists():
            p.unlink()
    cmd = [cli, "scan", str(seeds), "-o", str(jsonl), "--html", str(html)]
    log("run   " + " ".join(cmd))
    t = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    if r.returncode != 0:
        raise Fail("scan exited with status %d:\n%s" % (r.returncode, r.stdout[-3000:]))
    if not html.is_file() or html.stat().st_size == 0:
        raise Fail("scan succeeded but wrote no HTML report at %s" % html)
    ok("1. scan wrote %s (%d bytes) in %.1f s" % (html.name, html.stat().st_size, time.monotonic() - t))
    return html


def check_overview(page, shots):
    rows = page.evaluate(js(r"""
      return Array.from(document.querySelectorAll("table#pairs tbody tr.pair-row")).map((r, i) => ({
        i, a: r.dataset.a || "", b: r.dataset.b || "", rel: r.dataset.relation || "", pair: r.dataset.pair}));
    """))
    if not rows:
        raise Fail("no rows `table#pairs tbody tr.pair-row` in the overview")
    pair_rows = [r for r in rows if ("000_" in r["a"] and "001_" in r["b"]) or ("001_" in r["a"] and "000_" in r["b"])]
    if not pair_rows:
        raise Fail("no row for the pair 000_/001_; rows:\n" + describe_rows(rows))
    rewrite = [r for r in pair_rows if r["rel"] == "rewrite"]
    if not rewrite:
        raise Fail("the 000_/001_ pair is not listed as a rewrite:\n" + describe_rows(pair_rows))
    row = rewrite[0]
    ok("4. 000_/001_ listed as rewrite (pair=%s, %s vs %s; %d rows in all)" % (row["pair"], row["a"], row["b"], len(rows)))
    bad = [r for r in rows if "002_" in r["a"] or "002_" in r["b"]]
    if bad:
        raise Fail("rows involve 002_ (it shares no text with the others):\n" + describe_rows(bad))
    ok("4. no row involves 002_")
    page.screenshot(shots["overview"])
    ok("8. overview screenshot saved: %s" % shots["overview"])
    return row


def click_element(page, locate_js, what, **args):
    """Scroll an element into view, find a point that hits it, click there with real mouse events."""
    pt = page.evaluate(js(locate_js + r"""
      if (!el) return {error: "not found"};
      el.scrollIntoView({block: "center", inline: "nearest"});
      const p = clickPoint(el, null);
      if (!p) {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return {error: "covered by " + (hit ? hit.outerHTML.slice(0, 120) : "nothing")};
      }
      return p;
    """, **args))
    if not pt or "error" in pt:
        raise Fail("cannot click %s: %s" % (what, (pt or {}).get("error")))
    page.click(pt["x"], pt["y"])
    return pt


def wait_stable(page, expr, timeout=3.0, interval=0.1):
    """Wait until expr gives the same value twice in a row (e.g. a scroll has finished)."""
    deadline = time.monotonic() + timeout
    last = page.evaluate(expr)
    while time.monotonic() < deadline:
        time.sleep(interval)
        cur = page.evaluate(expr)
        if cur == last:
            return cur
        last = cur
    return last


def check_pair(page, row, shots):
    click_element(page, 'const el = document.querySelectorAll("table#pairs tbody tr.pair-row")[idx];',
                  "the 000_/001_ row", idx=row["i"])
    try:
        page.wait_for('(() => { const v = document.querySelector("#pair-view"); '
                      'return !!v && v.dataset.ready === "1" && v.getClientRects().length > 0; })()',
                      timeout=READY_TIMEOUT)
    except cdp.CDPError as e:
        raise Fail("after clicking the row, #pair-view did not become ready and visible: %s" % e)
    ok('5. clicked the row; #pair-view[data-ready="1"] is shown')

    info = page.evaluate(js(r"""
      const res = {};
      for (const side of ["a", "b"]) {
        const pane = document.querySelector("#pane-" + side);
        if (!pane) { res[side] = null; continue; }
        const marks = Array.from(pane.querySelectorAll("mark.passage"));
        res[side] = {
          count: marks.length,
          keys: Array.from(new Set(marks.map(m => m.dataset.passage))),
          transparent: marks.filter(m => isTransparent(getComputedStyle(m).backgroundColor))
                            .map(m => m.dataset.passage + ":" + getComputedStyle(m).backgroundColor).slice(0, 5),
          colour: marks.length ? getComputedStyle(marks[0]).backgroundColor : null,
          scrollable: pane.scrollHeight > pane.clientHeight,
        };
      }
      const scope = document.querySelector("#pair-view") || document;
      const edits = sel => Array.from(scope.querySelectorAll(sel));
      res.replace = edits("span.edit-replace").filter(shown).length;
      res.insert = edits("span.edit-insert").length;
      res.delete = edits("span.edit-delete").length;
      return res;
    """))
    for side in "ab":
        if info[side] is None:
            raise Fail("#pane-%s is missing" % side)
        if info[side]["count"] == 0:
            raise Fail("#pane-%s has no mark.passage" % side)
    ka, kb = set(info["a"]["keys"]), set(info["b"]["keys"])
    if ka != kb:
        raise Fail("passages differ between panes: only in A %s, only in B %s" % (sorted(ka - kb), sorted(kb - ka)))
    ok("6. passages highlighted on both sides: %d passages, %d marks in A, %d in B"
       % (len(ka), info["a"]["count"], info["b"]["count"]))
    for side in "ab":
        if info[side]["transparent"]:
            raise Fail("#pane-%s has marks with a transparent background: %s" % (side, info[side]["transparent"]))
    ok("6. marks have a background colour (A %s, B %s)" % (info["a"]["colour"], info["b"]["colour"]))
    if info["replace"] == 0:
        raise Fail("no visible span.edit-replace in the pair view (the spun pair swaps words)")
    ok("6. %d span.edit-replace shown (%d edit-insert, %d edit-delete)" % (info["replace"], info["insert"], info["delete"]))

    # 7. Click the passage of pane A that starts furthest down; pane B must scroll to its partner.
    target = page.evaluate(js(r"""
      const a = document.querySelector("#pane-a");
      const top0 = a.getBoundingClientRect().top - a.scrollTop;
      let best = null;
      for (const m of a.querySelectorAll("mark.passage")) {
        const y = m.getBoundingClientRect().top - top0;
        if (!best || y > best.y) best = {k: m.dataset.passage, y};
      }
      // best.k's first mark in A (a passage may be several elements)
      return {k: best.k, y: Math.round(a.querySelector('mark.passage[data-passage="' + CSS.escape(best.k) + '"]').getBoundingClientRect().top - top0)};
    """))
    k = target["k"]
    sel_a = '#pane-a mark.passage[data-passage="%s"]' % k.replace('"', '\\"')
    sel_b = '#pane-b mark.passage[data-passage="%s"]' % k.replace('"', '\\"')
    page.evaluate(js("document.querySelector(sel).scrollIntoView({block: 'center'});", sel=sel_a))
    wait_stable(page, "[document.querySelector('#pane-a').scrollTop, document.querySelector('#pane-b').scrollTop]")
    state_js = js(r"""
      const pb = document.querySelector("#pane-b"), m = document.querySelector(selB);
      const pr = visibleRect(pb), r = m.getBoundingClientRect();
      const need = Math.min(r.height, pr.bottom - pr.top) - 2;
      return {scrollTop: pb.scrollTop, visible: overlap(r, pr) >= need,
              current: m.classList.contains("current"),
              currentA: document.querySelector(selA).classList.contains("current"),
              markTop: Math.round(r.top), markBottom: Math.round(r.bottom),
              paneTop: Math.round(pr.top), paneBottom: Math.round(pr.bottom)};
    """, selA=sel_a, selB=sel_b)
    before = page.evaluate(state_js)
    pt = page.evaluate(js(r"""
      const el = document.querySelector(sel);
      return clickPoint(el, visibleRect(document.querySelector("#pane-a")));
    """, sel=sel_a))
    if not pt:
        raise Fail("cannot find a visible point of passage %s in pane A to click" % k)
    page.click(pt["x"], pt["y"])
    deadline = time.monotonic() + 5.0
    while True:
        after = page.evaluate(state_js)
        if after["visible"] and after["current"] and after["currentA"]:
            break
        if time.monotonic() > deadline:
            problems = []
            if not after["visible"]:
                problems.append("pane B's mark is not in view (mark %d..%d, pane %d..%d)"
                                % (after["markTop"], after["markBottom"], after["paneTop"], after["paneBottom"]))
            if not after["current"]:
                problems.append("pane B's mark lacks class current")
            if not after["currentA"]:
                problems.append("pane A's mark lacks class current")
            raise Fail("after clicking passage %s in pane A (at %.0f,%.0f, %s): %s"
                       % (k, pt["x"], pt["y"], pt["hit"], "; ".join(problems)))
        time.sleep(0.1)
    ok("7. clicked passage %s in pane A (the furthest down, at y=%dpx); its partner in pane B is in view "
       "and both sides have class current" % (k, target["y"]))
    after["scrollTop"] = wait_stable(page, "document.querySelector('#pane-b').scrollTop")
    if before["visible"]:
        ok("7. pane B needed no scroll (partner already in view; scrollTop %s -> %s)" % (before["scrollTop"], after["scrollTop"]))
    elif after["scrollTop"] == before["scrollTop"]:
        raise Fail("pane B's scrollTop did not change (%s) though the partner was out of view" % before["scrollTop"])
    else:
        ok("7. pane B scrolled: scrollTop %s -> %s" % (before["scrollTop"], after["scrollTop"]))
    page.screenshot(shots["pair"])
    ok("8. pair screenshot saved: %s" % shots["pair"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", help="the textrace binary (runs `scan SEEDS -o DIR/seeds.jsonl --html DIR/seeds.html`)")
    ap.add_argument("--seeds", default="../shared/seeds", help="the seeds directory (default ../shared/seeds)")
    ap.add_argument("--out", required=True, help="directory for the report, screenshots and failure.png")
    ap.add_argument("--html-file", help="test this HTML file instead of scanning (e.g. tests/browser/fixture.html)")
    ap.add_argument("--chromium", help="the Chromium binary (default $CHROMIUM, /usr/bin/chromium, or PATH)")
    ap.add_argument("--verbose", action="store_true", help="log every CDP command")
    args = ap.parse_args()
    t0 = time.monotonic()

    chromium = cdp.find_chromium(args.chromium)
    if not chromium:
        skip("chromium is not installed (%s)" % ("no executable at --chromium %s" % args.chromium if args.chromium else "looked for $CHROMIUM, /usr/bin/chromium, chromium on PATH"))
    out = pathlib.Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    prefix = "fixture" if args.html_file else "seeds"
    shots = {"overview": str(out / (prefix + "-overview.png")), "pair": str(out / (prefix + "-pair.png"))}
    stale = [out / "failure.png"] + [pathlib.Path(p) for p in shots.values()]
    for p in stale:
        if p.exists():
            p.unlink()

    browser = page = None
    try:
        if args.html_file:
            html = pathlib.Path(args.html_file).resolve()
            if not html.is_file():
                raise Fail("no such HTML file: %s" % html)
            log("note  --html-file given: testing %s, no scan" % html)
        else:
            seeds = pathlib.Path(args.seeds)
            if not seeds.is_dir():
                skip("../shared is absent (no seeds directory at %s)" % seeds)
            if not args.cli:
                raise Fail("--cli is required unless --html-file is given")
            html = run_scan(args.cli, seeds.resolve(), out)
        t_scan = time.monotonic()

        browser = cdp.Browser(chromium, width=1400, height=900, verbose=args.verbose)
        page = browser.new_page()
        t_browser = time.monotonic()
        ok("2. chromium started over the pipe (%s) in %.1f s" % (browser.version.get("product"), t_browser - t_scan))

        url = html.as_uri()
        page.navigate(url)
        try:
            page.wait_for('document.body && document.body.dataset.ready === "1"', timeout=READY_TIMEOUT)
        except cdp.CDPError as e:
            raise Fail("overview never became ready (document.body.dataset.ready !== \"1\"): %s" % e)
        ok("3. %s loaded, body[data-ready=1]" % url)

        row = check_overview(page, shots)
        check_pair(page, row, shots)

        errors = [e for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
        for e in errors:
            d = e["params"]["exceptionDetails"]
            log("warn  uncaught JS exception in the page: %s" % (d.get("exception", {}).get("description") or d.get("text")))
        t_end = time.monotonic()
        log("PASS  %s (scan %.1f s, browser start %.1f s, checks %.1f s, total %.1f s)"
            % (html, t_scan - t0, t_browser - t_scan, t_end - t_browser, t_end - t0))
        return 0
    except (Fail, cdp.CDPError, subprocess.TimeoutExpired) as e:
        log("FAIL: %s" % e)
        if page is not None:
            try:
                page.screenshot(str(out / "failure.png"))
                log("      screenshot of the failure: %s" % (out / "failure.png"))
            except cdp.CDPError:
                pass
        return 1
    finally:
        if browser is not None:
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
