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
import tempfile
import time

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402
import texts  # noqa: E402

SKIP = 77
READY_TIMEOUT = 20.0
MANY_COPIES = 40  # 780 related pairs: more than the overview table draws before it is scrolled


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



# ---- keyboard, no-colour cues and printing, on reports of our own small texts ----------------

def run_cli(cmd, what):
    log("run   " + " ".join(cmd))
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    if r.returncode != 0:
        raise Fail("%s exited with status %d:\n%s" % (what, r.returncode, r.stdout[-3000:]))
    return r.stdout


def open_report(page, html, hash_=""):
    page.navigate(html.as_uri() + hash_)
    try:
        page.wait_for('document.body && document.body.dataset.ready === "1"', timeout=READY_TIMEOUT)
    except cdp.CDPError as e:
        raise Fail("%s never became ready: %s" % (html.name, e))


def wait_pair_ready(page, what):
    try:
        page.wait_for('(() => { const v = document.querySelector("#pair-view"); '
                      'return !!v && v.dataset.ready === "1" && v.getClientRects().length > 0; })()',
                      timeout=READY_TIMEOUT)
    except cdp.CDPError as e:
        raise Fail("%s: #pair-view did not become ready and visible: %s" % (what, e))


def poll(page, expr_js, good, timeout=3.0):
    """Evaluate expr_js until good(value) holds (scrolls may be smooth); return the last value."""
    deadline = time.monotonic() + timeout
    while True:
        v = page.evaluate(expr_js)
        if good(v) or time.monotonic() > deadline:
            return v
        time.sleep(0.05)


# The state the keyboard checks look at: which passages are current, what has the focus, and
# whether each passage's first mark is inside its pane's visible rectangle.
KEY_STATE_JS = js(r"""
  const current = Array.from(new Set(Array.from(document.querySelectorAll("#pair-view mark.passage.current"))
                                     .map(m => +m.dataset.passage))).sort((x, y) => x - y);
  const currentSides = ["a", "b"].map(s => document.querySelectorAll("#pane-" + s + " mark.passage.current").length);
  const f = document.activeElement;
  const inView = (side, k) => {
    const pane = document.querySelector("#pane-" + side);
    const m = pane && pane.querySelector('mark.passage[data-passage="' + k + '"]');
    if (!m) return false;
    const pr = visibleRect(pane), r = m.getBoundingClientRect();
    const need = Math.min(r.height, pr.bottom - pr.top) - 2;
    return overlap(r, pr) >= need && r.top < window.innerHeight && r.bottom > 0;
  };
  const k = current.length === 1 ? current[0] : -1;
  return {current, currentSides,
          focus: f && f.matches && f.matches("mark.passage") ? {k: +f.dataset.passage, side: f.closest("#pane-a") ? "a" : "b"} :
                 {tag: f ? f.tagName.toLowerCase() + (f.id ? "#" + f.id : "") : null},
          inViewA: k >= 0 && inView("a", k), inViewB: k >= 0 && inView("b", k),
          hash: location.hash,
          overview: !!document.querySelector("#overview") && !document.querySelector("#overview").hidden,
          pairShown: !!document.querySelector("#pair-view") && !document.querySelector("#pair-view").hidden};
""")


def check_keyboard(page, html):
    """n/p (j/k) step through the passages; Tab reaches them; Enter jumps to the partner; Escape."""
    open_report(page, html)
    wait_pair_ready(page, "compare --html")  # a compare report opens straight into its pair
    keys = page.evaluate(js(r"""
      const ks = s => Array.from(new Set(Array.from(document.querySelectorAll("#pane-" + s + " mark.passage"))
                                         .map(m => +m.dataset.passage))).sort((x, y) => x - y);
      return {a: ks("a"), b: ks("b")};
    """))
    if keys["a"] != keys["b"]:
        raise Fail("passages differ between the panes: A %s, B %s" % (keys["a"], keys["b"]))
    n = len(keys["a"])
    if n < 2:
        raise Fail("the multi-passage pair shows %d passage(s); its texts share three separate paragraphs" % n)
    if keys["a"] != list(range(n)):
        raise Fail("passage numbers are not 0..%d: %s" % (n - 1, keys["a"]))
    ok("9. multi-passage pair (compare of our own texts): %d passages on both sides" % n)

    def expect_current(k, key, focus_side="a"):
        st = poll(page, KEY_STATE_JS, lambda s: s["current"] == [k] and s["inViewA"] and s["inViewB"]
                  and s["focus"].get("k") == k)
        problems = []
        if st["current"] != [k]:
            problems.append("current passages are %s, expected [%d]" % (st["current"], k))
        elif 0 in st["currentSides"]:
            problems.append("class current on marks of one side only (%s)" % st["currentSides"])
        if st["focus"].get("k") != k or st["focus"].get("side") != focus_side:
            problems.append("focus is on %s, expected passage %d's mark in pane %s"
                            % (st["focus"], k, focus_side.upper()))
        if not st["inViewA"] or not st["inViewB"]:
            problems.append("passage %d is not in view in pane%s" % (
                k, " A" if not st["inViewA"] else "" + (" B" if not st["inViewB"] else "")))
        if problems:
            raise Fail("after pressing %r: %s" % (key, "; ".join(problems)))

    order = []
    for k in range(n):
        page.press("n")
        expect_current(k, "n")
        order.append(k)
    page.press("n")  # at the last passage, n stays there
    expect_current(n - 1, "n (at the last passage)")
    ok("9. pressing n %d times made passages %s current in order, focused each in pane A and showed it "
       "on both sides; one more n stays on passage %d" % (n + 1, order, n - 1))
    for k in range(n - 2, -1, -1):
        page.press("p")
        expect_current(k, "p")
    page.press("j")
    expect_current(1, "j")
    page.press("k")
    expect_current(0, "k")
    ok("9. p went back to passage 0; j / k step forward and back too")

    # The current passage must stand out by more than colour (outline, underline, weight...).
    # The same mark with and without class current. (The focus is moved off it first: a focus
    # ring would be a difference of its own.)
    cue = page.evaluate(js(NO_COLOUR_JS + r"""
      document.querySelector("#back-to-overview").focus({preventScroll: true});
      const cur = document.querySelector('#pane-a mark.passage.current');
      const cc = cue(cur);
      cur.classList.remove("current");
      const co = cue(cur);
      cur.classList.add("current");
      const diff = Array.from(new Set(Object.keys(cc).concat(Object.keys(co))))
          .filter(p => cc[p] !== co[p]).map(p => p + ": " + (co[p] || "none") + " -> " + (cc[p] || "none"));
      return {diff};
    """))
    if not cue["diff"]:
        raise Fail("the current passage differs from the others only in colour (no outline, border, "
                   "underline or font difference)")
    ok("9. the current passage stands out without colour: %s" % "; ".join(cue["diff"]))

    # Tab from the top of the pair view (its first link) reaches the passages, in order.
    page.evaluate("document.querySelector('#back-to-overview').focus(); window.scrollTo(0, 0)")
    reached = []
    for _ in range(80):
        page.press("Tab")
        f = page.evaluate(KEY_STATE_JS)["focus"]
        if "k" in f:
            if f["side"] != "a":
                break
            reached.append(f["k"])
            if f["k"] == n - 1:
                break
        elif reached:
            break
    if not reached:
        raise Fail("80 presses of Tab never focused a mark.passage (are the passages focusable?)")
    if reached != list(range(n)):
        raise Fail("Tab focused the passages of pane A in the order %s, expected %s" % (reached, list(range(n))))
    ok("9. Tab reaches every passage of pane A in order: %s" % reached)

    # Enter on the focused last passage brings its partner in pane B into view and focuses it.
    k = n - 1
    page.evaluate(js(r"""
      const pb = document.querySelector("#pane-b");
      const m = pb.querySelector('mark.passage[data-passage="' + k + '"]');
      // scroll pane B so that the partner is out of view (the start, or the end if it is at the start)
      pb.scrollTop = 0;
      const pr = visibleRect(pb), r = m.getBoundingClientRect();
      if (overlap(r, pr) > 0) pb.scrollTop = pb.scrollHeight;
    """, k=k))
    before = page.evaluate(js(r"""
      const pb = document.querySelector("#pane-b");
      const m = pb.querySelector('mark.passage[data-passage="' + k + '"]');
      return {out: overlap(m.getBoundingClientRect(), visibleRect(pb)) <= 0, scroll: pb.scrollTop,
              scrollable: pb.scrollHeight > pb.clientHeight + 4};
    """, k=k))
    if before["scrollable"] and not before["out"]:
        raise Fail("test setup: could not scroll pane B so that passage %d is out of view" % k)
    page.press("Enter")
    st = poll(page, KEY_STATE_JS, lambda s: s["inViewB"] and s["focus"].get("side") == "b" and s["current"] == [k])
    if not (st["inViewB"] and st["current"] == [k] and st["focus"].get("k") == k and st["focus"].get("side") == "b"):
        raise Fail("Enter on passage %d in pane A: partner in view %s, current %s, focus %s (expected the "
                   "partner in pane B focused, in view, and current)" % (k, st["inViewB"], st["current"], st["focus"]))
    ok("9. Enter on passage %d in pane A scrolled pane B to its partner (%s before) and focused it"
       % (k, "out of view" if before["out"] else "already in view: pane B does not scroll"
          if not before["scrollable"] else "in view"))

    # A mouse click on a passage of pane A moves pane B to its partner (the seeds' pair has one
    # passage, already in view; here the partner is scrolled out of view first).
    before = page.evaluate(js(r"""
      const pb = document.querySelector("#pane-b");
      const m = pb.querySelector('mark.passage[data-passage="0"]');
      pb.scrollTop = pb.scrollHeight;
      return {out: overlap(m.getBoundingClientRect(), visibleRect(pb)) <= 0, scroll: pb.scrollTop};
    """))
    if not before["out"]:
        raise Fail("test setup: could not scroll pane B so that passage 0 is out of view")
    click_element(page, r"""const el = document.querySelector('#pane-a mark.passage[data-passage="0"]');""",
                  "passage 0 in pane A")
    st = poll(page, KEY_STATE_JS, lambda s: s["inViewB"] and s["current"] == [0])
    after = page.evaluate("document.querySelector('#pane-b').scrollTop")
    if not (st["inViewB"] and st["current"] == [0]) or after == before["scroll"]:
        raise Fail("clicking passage 0 in pane A: partner in view %s, current %s, pane B scrollTop %s -> %s"
                   % (st["inViewB"], st["current"], before["scroll"], after))
    ok("9. clicking passage 0 in pane A scrolled pane B to its partner (scrollTop %d -> %d)"
       % (before["scroll"], after))

    # Escape returns to the overview, with the keyboard focus on the pair's row.
    page.press("Escape")
    st = poll(page, KEY_STATE_JS, lambda s: s["overview"] and not s["pairShown"])
    if not st["overview"] or st["pairShown"]:
        raise Fail("Escape did not return to the overview (overview shown %s, pair view shown %s, hash %r)"
                   % (st["overview"], st["pairShown"], st["hash"]))
    if st["hash"].startswith("#pair="):
        raise Fail("after Escape the URL still says %s" % st["hash"])
    back = page.evaluate('(() => { const f = document.activeElement; const r = f && f.closest("tr.pair-row"); '
                         'return r ? r.dataset.pair : null; })()')
    ok("9. Escape returned to the overview (hash %r; focus on the row of pair %s)" % (st["hash"], back))


NO_COLOUR_JS = r"""
  // The properties that mark text without colour, and a signature of them (colours left out).
  const cue = (el, pseudo) => {
    const s = getComputedStyle(el, pseudo);
    const px = v => parseFloat(v) || 0;
    const c = {
      textDecoration: s.textDecorationLine !== "none" ? s.textDecorationLine + " " + s.textDecorationStyle : "",
      borderBottom: s.borderBottomStyle !== "none" && px(s.borderBottomWidth) > 0 ? s.borderBottomStyle + " " + s.borderBottomWidth : "",
      border: s.borderTopStyle !== "none" && px(s.borderTopWidth) > 0 ? s.borderTopStyle + " " + s.borderTopWidth : "",
      outline: s.outlineStyle !== "none" && px(s.outlineWidth) > 0 ? s.outlineStyle + " " + s.outlineWidth : "",
      boxShadow: s.boxShadow !== "none" ? s.boxShadow.replace(/rgba?\([^)]*\)|#[0-9a-f]+/gi, "").trim() : "",
      font: (s.fontStyle !== "normal" ? s.fontStyle + " " : "") + (+s.fontWeight >= 600 ? "bold" : ""),
    };
    for (const k of Object.keys(c)) if (!c[k]) delete c[k];
    return c;
  };
"""


def check_no_colour(page, html):
    """Passages and the three kinds of edit carry a cue that is not colour, and the kinds differ."""
    open_report(page, html, "#pair=0")
    wait_pair_ready(page, "compare --html")
    res = page.evaluate(js(NO_COLOUR_JS + r"""
      const out = {marks: [], edits: {}, missing: []};
      for (const m of document.querySelectorAll("#pair-view mark.passage:not(.current)")) {
        const c = cue(m);
        out.marks.push({k: +m.dataset.passage, cue: c, label: m.classList.contains("first") ?
                        getComputedStyle(m, "::before").content : null});
      }
      for (const kind of ["replace", "insert", "delete"]) {
        const el = document.querySelector("#pair-view span.edit-" + kind);
        if (!el) { out.missing.push(kind); continue; }
        // the edit's own cue, beyond what the passage around it has
        const own = cue(el), around = cue(el.closest("mark.passage"));
        for (const k of Object.keys(own)) if (own[k] === around[k]) delete own[k];
        out.edits[kind] = own;
      }
      return out;
    """))
    if res["missing"]:
        raise Fail("no span.edit-%s in the pair view (B deletes, replaces and inserts one word)"
                   % ", span.edit-".join(res["missing"]))
    bare = [m for m in res["marks"] if not m["cue"]]
    if bare:
        raise Fail("%d mark.passage elements have no cue but colour (no border, underline or outline), "
                   "e.g. passage %d" % (len(bare), bare[0]["k"]))
    firsts = {}
    for m in res["marks"]:
        if m["label"] is not None:
            firsts[m["k"]] = m
    if sorted(firsts) != sorted({m["k"] for m in res["marks"]}):
        raise Fail("not every passage has a first mark (class first) with a label")
    unlabelled = [k for k, m in firsts.items() if not m["label"] or m["label"] in ("none", "normal", '""')]
    if unlabelled:
        raise Fail("passages %s carry no number label (::before content)" % unlabelled)
    styles = {k: json.dumps(m["cue"], sort_keys=True) for k, m in firsts.items()}
    if len(set(styles.values())) < len(styles):
        raise Fail("neighbouring passages look the same without colour: %s" % styles)
    ok("10. every passage mark has a non-colour cue; passages differ from each other without colour "
       "(%s) and carry their number (%s)" % ("; ".join("%d: %s" % (k, ", ".join(firsts[k]["cue"].values()))
                                              for k in sorted(firsts)),
                                             ", ".join(firsts[k]["label"] for k in sorted(firsts))))
    for kind, c in res["edits"].items():
        if not c:
            raise Fail("span.edit-%s has no cue of its own but colour (text-decoration, border, outline "
                       "or box all as around it)" % kind)
    sigs = {kind: json.dumps(c, sort_keys=True) for kind, c in res["edits"].items()}
    same = [(x, y) for x in sigs for y in sigs if x < y and sigs[x] == sigs[y]]
    if same:
        raise Fail("edit kinds %s look alike without colour: %s" % (same, sigs))
    ok("10. edits differ without colour: %s" % "; ".join(
        "%s: %s" % (kind, ", ".join(c.values())) for kind, c in res["edits"].items()))


def check_seeds_view(page, row):
    """The seeds' pair as shown (the pair view is open): 001's mojibake repaired, as the analyzer
    reads it ("âIf we leave" -> "If we leave), and the legend's synonym mark drawn as the synonym
    edits are and unlike a plain replacement, colours left out."""
    side = "a" if "001_" in row["a"] else "b"
    st = page.evaluate(js(NO_COLOUR_JS + r"""
      const text = document.querySelector("#pane-" + side).textContent;
      const lg = document.querySelector("#pair-view .legend .lg-replace.synonym");
      const plain = document.querySelector("#pair-view .legend .lg-replace:not(.synonym)");
      const syn = document.querySelector("#pair-view span.edit-replace.synonym");
      return {raw: (text.match(/\u00e2If/g) || []).length, repaired: /["\u201c]If we leave/.test(text),
              legend: lg ? lg.textContent : null, cueLegend: lg ? cue(lg) : null,
              cuePlain: plain ? cue(plain) : null, cueEdit: syn ? cue(syn) : null};
    """, side=side))
    if st["raw"] or not st["repaired"]:
        raise Fail("pane %s (001) shows its mojibake raw: %d \"\\u00e2If\", repaired quote before "
                   "\"If we leave\": %s" % (side.upper(), st["raw"], st["repaired"]))
    ok("13. 001's text is shown as analysed: \"âIf we leave\" reads \"If we leave")
    if not st["legend"]:
        raise Fail("the pair view's legend has no synonym mark (.legend .lg-replace.synonym)")
    if st["cueLegend"].get("textDecoration") == st["cuePlain"].get("textDecoration"):
        raise Fail("the legend's synonym mark looks like a plain replacement without colour (%s)"
                   % st["cueLegend"])
    if not st["cueEdit"]:
        raise Fail("no span.edit-replace.synonym in the seeds' spun pair (Tajik / Tajikistan, "
                   "global / international)")
    if st["cueEdit"].get("textDecoration") != st["cueLegend"].get("textDecoration"):
        raise Fail("the legend's synonym mark (%s) is not drawn as the synonym edits are (%s)"
                   % (st["cueLegend"], st["cueEdit"]))
    ok("14. legend: %r drawn as the synonym edits (%s), unlike a replacement (%s)"
       % (st["legend"], st["cueLegend"].get("textDecoration"), st["cuePlain"].get("textDecoration")))


def check_repaired_offsets(page, html):
    """A compare whose A has its quotes as mojibake (three characters for one): A is shown
    repaired, and the replaced word after the quotes is still the word marked."""
    open_report(page, html)
    wait_pair_ready(page, "compare --html of the mojibake pair")
    st = page.evaluate(js(r"""
      const words = s => Array.from(document.querySelectorAll("#pane-" + s + " span.edit-replace"))
                               .map(e => e.textContent);
      return {text: document.querySelector("#pane-a").textContent, a: words("a"), b: words("b")};
    """))
    want = ["\u201cWe keep the lamp lit for every ship,\u201d the keeper said.", '"Never again," said']
    missing = [w for w in want if w not in st["text"]]
    if "\u00e2" in st["text"] or missing:
        raise Fail("pane A is not shown repaired: %d \"\\u00e2\" left, missing %s"
                   % (st["text"].count("\u00e2"), missing))
    if st["a"] != ["heavy"] or st["b"] != ["full"]:
        raise Fail("after the repaired quotes the replaced words are marked as A %s, B %s (expected "
                   "[\"heavy\"], [\"full\"]): the offsets do not follow the repair" % (st["a"], st["b"]))
    ok("13. mojibake quotes shown repaired (\u201c \u201d \"), and the word replaced after them is still "
       "the one marked (heavy / full)")


ID_WORD_BREAKS_JS = r"""
  // For each id shown in the table and the family cards: the characters that start its lines
  // after the first, and the one before each (where the line broke).
  const out = [];
  for (const el of document.querySelectorAll("#pairs .id, .family .id")) {
    if (!shown(el)) continue;
    const text = el.textContent;
    let prevTop = null, pos = 0;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.length; i++, pos++) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        const rect = r.getClientRects()[0];
        if (!rect) continue;
        if (prevTop !== null && rect.top > prevTop + 2) out.push({id: text, at: pos, before: text[pos - 1]});
        prevTop = rect.top;
      }
    }
  }
  return out;
"""


def check_ids(page, html, jsonl):
    """The seeds overview: ids shown without the folder they share (the full id is the title), and
    broken across lines only between their words, also in a window too narrow for them."""
    open_report(page, html)
    ids = set()
    for a, b, _ in expected_pairs(jsonl):
        ids.update((a, b))
    prefix = os.path.commonprefix(sorted(ids))
    prefix = prefix[:prefix.rfind("/") + 1]
    st = page.evaluate(js(r"""
      const bad = [];
      for (const r of document.querySelectorAll("table#pairs tbody tr.pair-row")) {
        const cells = r.querySelectorAll("td.id-cell .id");
        [r.dataset.a, r.dataset.b].forEach((full, k) => {
          const el = cells[k];
          if (!el) bad.push("row " + r.dataset.pair + ": no .id in id column " + (k + 1));
          else if (el.title !== full || el.textContent !== full.slice(prefix.length))
            bad.push("row " + r.dataset.pair + ": shows " + JSON.stringify(el.textContent) + " titled " +
                     JSON.stringify(el.title) + " for " + JSON.stringify(full));
        });
      }
      const note = document.querySelector("#id-prefix");
      return {bad, note: note ? note.textContent : null};
    """, prefix=prefix))
    if not prefix:
        raise Fail("test setup: the seeds' ids share no folder (%s)" % sorted(ids))
    if st["bad"]:
        raise Fail("ids in the pairs table: %s" % "; ".join(st["bad"][:4]))
    if not st["note"] or prefix not in st["note"]:
        raise Fail("no note naming the folder left out of the ids (%r; expected %s)" % (st["note"], prefix))
    ok("15. ids in the table without their shared folder %s (full id as the title); a note says so" % prefix)
    try:
        for width in (1400, 900):
            page.send("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
            breaks = page.evaluate(js(ID_WORD_BREAKS_JS))
            mid = [b for b in breaks if not re.match(r"[/\\_.\-:?&=#+, ]", b["before"] or "")]
            if mid:
                raise Fail("at %d px, ids break inside a word: %s" % (width, ["%s|%s" % (
                    b["id"][:b["at"]], b["id"][b["at"]:]) for b in mid[:3]]))
            if width == 900 and not breaks:
                raise Fail("test setup: at 900 px no id wraps, so the check proves nothing")
            ok("16. at %d px: %d line breaks inside ids, all between words (%s)"
               % (width, len(breaks), ", ".join(sorted({repr(b["before"]) for b in breaks})) or "none"))
    finally:
        page.send("Emulation.clearDeviceMetricsOverride", {})


def pdf_pages(pdf):
    """Pages of a PDF as Chromium writes it: the /Count of its page tree root."""
    if not pdf.startswith(b"%PDF-"):
        raise Fail("Page.printToPDF did not return a PDF (starts %r)" % pdf[:16])
    kids = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    counts = [int(c) for c in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf, re.S)]
    counts += [int(c) for c in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf, re.S)]
    return max(counts + [kids])


PRINT_STATE_JS = js(r"""
  const media = matchMedia("print").matches;
  const rows = Array.from(document.querySelectorAll("table#pairs tbody tr.pair-row"));
  const hiddenOrAbsent = sel => Array.from(document.querySelectorAll(sel)).filter(shown).map(e => e.outerHTML.slice(0, 80));
  const note = document.querySelector("#print-note");
  const head = Array.from(document.querySelectorAll("table#pairs thead th")).filter(shown).length;
  const r0 = rows[0];
  return {media, rows: rows.map(r => [r.dataset.a, r.dataset.b, r.dataset.relation]),
          controls: hiddenOrAbsent("#overview form, #overview input, #overview select, #overview button:not(#pairs th button), nav.jump"),
          note: note && shown(note) ? note.textContent : null, headers: head,
          rowBreak: r0 ? getComputedStyle(r0).breakInside : null,
          headRepeat: getComputedStyle(document.querySelector("table#pairs thead")).display};
""")


def expected_pairs(jsonl, relation=None):
    """(a, b, relation) of the pairs in a JSONL scan report, from the report itself."""
    out = []
    with open(jsonl, encoding="utf-8") as f:
        next(f)  # the run summary
        for line in f:
            p = json.loads(line)
            if "a" in p and "b" in p and (relation is None or p["relation"] == relation):
                out.append((p["a"], p["b"], p["relation"]))
    return out


def pair_score(p):
    """The pair's score as the overview's table gives it: passage scores weighted by their words."""
    total = weight = 0.0
    for q in p["passages"]:
        w = q["a"]["words"] + q["b"]["words"]
        total += q["score"] * w
        weight += w
    return round(total / weight, 4) if weight else 0.0


def check_filters(page, html, jsonl, label):
    """The coverage and score filters keep exactly the pairs of the report that reach them."""
    open_report(page, html)
    with open(jsonl, encoding="utf-8") as f:
        next(f)
        pairs = [p for p in map(json.loads, f) if "a" in p and "b" in p]
    scores = sorted({pair_score(p) for p in pairs})
    covers = sorted({max(p["coverage_a"], p["coverage_b"]) for p in pairs})
    if len(scores) < 2 or len(covers) < 2:
        raise Fail("the %s report has too few distinct scores or coverages to test the filters" % label)
    # thresholds between two values present, so that rounding cannot decide
    s_min = round((scores[len(scores) // 2 - 1] + scores[len(scores) // 2]) / 2, 4)
    c_min = round((covers[len(covers) // 2 - 1] + covers[len(covers) // 2]) / 2 * 100, 2)
    for score, cover in ((s_min, 0), (0, c_min), (s_min, c_min)):
        want = sum(1 for p in pairs if pair_score(p) >= score and
                   max(p["coverage_a"], p["coverage_b"]) * 100 >= cover)
        line = page.evaluate(js(r"""
          for (const [id, v] of [["#filter-score", score], ["#filter-coverage", cover]]) {
            const e = document.querySelector(id);
            e.value = String(v); e.dispatchEvent(new Event("input", {bubbles: true}));
          }
          return document.querySelector("#pairs-count").textContent;
        """, score=score, cover=cover))
        m = re.search(r"of ([\d,]+) matching", line)
        got = int(m.group(1).replace(",", "")) if m else -1
        if got != want:
            raise Fail("%s: min score %s and min coverage %s%% leave %d pairs in the table, the "
                       "report has %d that reach both (%r)" % (label, score, cover, got, want, line))
        ok("12. %s: min score %s, min coverage %s%%: %d of %d pairs, as in the report"
           % (label, score, cover, got, len(pairs)))


def check_print_overview(page, html, jsonl, label, relation=None):
    """Printing the overview prints every row that passes the filter, without the controls."""
    open_report(page, html)
    if relation:
        page.evaluate(js(r"""
          const s = document.querySelector("#filter-relation");
          s.value = rel; s.dispatchEvent(new Event("change", {bubbles: true}));
        """, rel=relation))
    want = expected_pairs(jsonl, relation)
    before = page.evaluate(PRINT_STATE_JS)
    lazy = len(before["rows"]) < len(want)
    # 1. Page.printToPDF alone (what Ctrl+P does: beforeprint, print media)
    pdf = page.print_to_pdf()
    pages = pdf_pages(pdf)
    after_pdf = page.evaluate(PRINT_STATE_JS)
    # 2. print media emulated, to look at the page as printed
    page.emulate_media("print")
    st = page.evaluate(PRINT_STATE_JS)
    page.emulate_media("")
    what = "%s overview%s" % (label, " filtered to relation %s" % relation if relation else "")
    if not st["media"]:
        raise Fail("Emulation.setEmulatedMedia print did not take effect")
    got = sorted(tuple(r) for r in st["rows"])
    exp = sorted((a, b, rel) for a, b, rel in want)
    if got != exp:
        missing = len(set(exp) - set(got))
        extra = len(set(got) - set(exp))
        raise Fail("printing the %s: %d rows in the table, the report has %d matching pairs "
                   "(%d missing, %d extra)" % (what, len(got), len(exp), missing, extra))
    if len(after_pdf["rows"]) != len(exp):
        raise Fail("Page.printToPDF printed the %s with %d of %d rows (lazy rows not drawn before printing)"
                   % (what, len(after_pdf["rows"]), len(exp)))
    ok("11. printing the %s: all %d matching pairs in the table (%d drawn before printing%s)"
       % (what, len(exp), len(before["rows"]), "" if lazy else ": all of them at this size"))
    if st["controls"]:
        raise Fail("controls still shown when printed: %s" % st["controls"][:3])
    if st["headers"] < 5:
        raise Fail("the table's column headers are not printed (%d shown)" % st["headers"])
    if st["rowBreak"] != "avoid":
        raise Fail("printed table rows may be cut across pages (break-inside %s)" % st["rowBreak"])
    if not st["note"] or "%s" % format(len(exp), ",") not in st["note"]:
        raise Fail("no printed note saying how many pairs were printed (got %r)" % st["note"])
    ok("11. printed: filters, buttons and links to sections hidden; %d column headers kept (repeated: "
       "thead %s); rows not cut (break-inside: avoid); note: %r" % (st["headers"], st["headRepeat"], st["note"]))
    if len(pdf) < 5000 or pages < 1:
        raise Fail("Page.printToPDF returned %d bytes, %d pages" % (len(pdf), pages))
    return pages, len(pdf)


def check_print_pair(page, html):
    """A printed pair shows both texts in full, one after the other, passages still marked."""
    open_report(page, html, "#pair=0")
    wait_pair_ready(page, "compare --html")
    page.press("n")  # a current passage: its outline is a screen thing
    page.emulate_media("print")
    st = page.evaluate(js(NO_COLOUR_JS + r"""
      const a = document.querySelector("#pane-a"), b = document.querySelector("#pane-b");
      const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      const lum = c => { const m = /rgba?\((\d+), (\d+), (\d+)/.exec(c); return m ? (0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3]) / 255 : 1; };
      const marks = Array.from(document.querySelectorAll("#pair-view mark.passage"));
      return {aBottom: ra.bottom, bTop: rb.top, aWidth: ra.width, bWidth: rb.width, page: document.documentElement.clientWidth,
              cutA: a.scrollHeight - a.clientHeight, cutB: b.scrollHeight - b.clientHeight,
              controls: Array.from(document.querySelectorAll("#pair-view button, #back-to-overview")).filter(shown).map(e => e.id || e.textContent),
              faint: marks.filter(m => !cue(m).borderBottom || lum(getComputedStyle(m).borderBottomColor) > 0.35).length,
              marks: marks.length};
    """))
    page.emulate_media("")
    if st["bTop"] < st["aBottom"] - 1:
        raise Fail("printed, the texts are not one after the other (A ends at %.0f px, B starts at %.0f px)"
                   % (st["aBottom"], st["bTop"]))
    if min(st["aWidth"], st["bWidth"]) < 0.8 * st["page"]:
        raise Fail("printed, the texts are squeezed (%.0f and %.0f px of %d)" % (st["aWidth"], st["bWidth"], st["page"]))
    if st["cutA"] > 1 or st["cutB"] > 1:
        raise Fail("printed, the panes still scroll (%d and %d px hidden)" % (st["cutA"], st["cutB"]))
    if st["controls"]:
        raise Fail("printed, the pair view still shows controls: %s" % st["controls"])
    if st["faint"]:
        raise Fail("printed, %d of %d passage marks lack a dark underline (lost in black and white)"
                   % (st["faint"], st["marks"]))
    pdf = page.print_to_pdf()
    pages = pdf_pages(pdf)
    ok("11. printed pair: A then B in full width (B starts %.0f px below A's end), nothing cut, no "
       "controls, all %d marks keep a dark underline; PDF %d bytes, %d page(s)"
       % (st["bTop"] - st["aBottom"], st["marks"], len(pdf), pages))


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
    shots = {"overview": str(out / (prefix + "-overview.png")), "pair": str(out / (prefix + "-pair.png")),
             "multi": str(out / "multi-pair.png")}
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
        if not args.html_file:
            check_seeds_view(page, row)

        if args.html_file:
            log("note  --html-file given: keyboard, no-colour and print checks need --cli; not run")
        else:
            with tempfile.TemporaryDirectory(prefix="textrace-browser-") as tmp:
                tmp = pathlib.Path(tmp)
                a, b = texts.multi_passage_pair(str(tmp))
                multi = out / "multi.html"
                run_cli([args.cli, "compare", a, b, "--html", str(multi), "--no-color"], "compare")
                check_keyboard(page, multi)
                check_no_colour(page, multi)
                check_print_pair(page, multi)
                page.screenshot(shots["multi"])
                seeds_pages, seeds_bytes = check_print_overview(page, html, out / "seeds.jsonl", "seeds")
                if seeds_pages < 2:
                    raise Fail("the printed seeds overview (summary, options, families, all pairs) is "
                               "%d page" % seeds_pages)
                ok("11. seeds overview printed to PDF: %d bytes, %d pages" % (seeds_bytes, seeds_pages))
                many_dir = tmp / "many"
                many_dir.mkdir()
                texts.many_copies(str(many_dir), MANY_COPIES)
                many, many_jsonl = out / "many.html", out / "many.jsonl"
                run_cli([args.cli, "scan", str(many_dir), "-o", str(many_jsonl), "--html", str(many)], "scan")
                rels = {}
                for _, _, rel in expected_pairs(many_jsonl):
                    rels[rel] = rels.get(rel, 0) + 1
                rel = max(rels, key=rels.get) if rels else None
                check_print_overview(page, many, many_jsonl, "%d-copies" % MANY_COPIES, relation=rel)
                check_filters(page, many, many_jsonl, "%d-copies" % MANY_COPIES)
                moji_a, moji_b = texts.mojibake_pair(str(tmp))
                moji = out / "moji.html"
                run_cli([args.cli, "compare", moji_a, moji_b, "--html", str(moji), "--no-color"], "compare")
                check_repaired_offsets(page, moji)
                check_ids(page, html, out / "seeds.jsonl")

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
