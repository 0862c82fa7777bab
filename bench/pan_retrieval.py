#!/usr/bin/python3
"""Scores a `textrace scan` report of the whole PAN corpus (src/ and susp/ as one collection).

Recall: the share of the corpus's pairs carrying a plagiarism case that the scan reports, per
subset.

Passage edges: for the pairs carrying a case, per subset, how many have relation `summary`, the
share of the suspicious-document characters their passages cover that lie inside the pair's
cases, and the share of the cases' characters covered.

Precision: the share of reported pairs that are real reuse. The corpus lists only the pairs it
was built from, but its documents share much more text (duplicate sources, suspicious documents
built on the same news stories, web pages copied between sources), so a reported pair is checked
in tiers, each independent of textrace:
  listed      a pair of the corpus carrying a case
  derived     implied by the ground truth: byte-identical files, two suspicious documents whose
              cases come from overlapping text of one source, a suspicious document and a copy
              of its case's source
  run         a reported passage whose two sides share a run of 8 words (case-folded)
  via-case    the same, after each suspicious-side passage that overlaps a ground-truth case is
              also given that case's original source text: obfuscated copies of one text
  unverified  none of these (not necessarily wrong: bench/pan_precision_judged.tsv holds a
              judged sample, from which the script estimates the precision)
A pair of the corpus without a case that is reported counts as unverified unless another tier
holds.

With a report of `scan --weak-pairs`, the recall table also says how many of each subset's
missed pairs the aligner related but the evidence rule withheld (the rest were not candidates,
or the aligner found no passage), and how many of the withheld pairs carry a case.

usage: bench/pan_retrieval.py REPORT.jsonl [CORPUS_DIR] [--sample N]   (N unverified pairs shown)
"""
import collections
import hashlib
import json
import os
import random
import re
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
sample = 0
if "--sample" in sys.argv:
    sample = int(sys.argv[sys.argv.index("--sample") + 1])
    args = [a for a in args if a != str(sample)]
report = args[0]
corpus = args[1] if len(args) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "pan13-train")


def word_runs(text, n=8):
    w = re.findall(r"\w+", text.lower())
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def read_text(name):
    sub = "susp" if name.startswith("suspicious") else "src"
    with open(os.path.join(corpus, sub, name), encoding="utf-8", errors="replace") as f:
        return f.read()


# Ground truth.
listed = set()   # every pair of the corpus
cased = set()    # pairs carrying a case
cases = collections.defaultdict(list)  # susp -> [(begin, end, source, src_begin, src_end)]
recall_rows = []
for sub in sorted(os.listdir(corpus)):
    pairs_file = os.path.join(corpus, sub, "pairs")
    if not os.path.isfile(pairs_file):
        continue
    sub_pairs = []
    for line in open(pairs_file):
        susp, src = line.split()
        key = frozenset((susp, src))
        listed.add(key)
        xml = open(os.path.join(corpus, sub, f"{susp[:-4]}-{src[:-4]}.xml")).read()
        found_case = False
        for m in re.finditer(r'<feature\s[^>]*name="plagiarism"[^>]*>', xml):
            a = dict(re.findall(r'(\w+)="([^"]*)"', m.group(0)))
            b, s = int(a["this_offset"]), int(a["source_offset"])
            cases[susp].append((b, b + int(a["this_length"]), a["source_reference"], s,
                                s + int(a["source_length"])))
            found_case = True
        if found_case:
            cased.add(key)
            sub_pairs.append(key)
    recall_rows.append((sub, sub_pairs))

digest = {}
for sub in ("src", "susp"):
    for name in os.listdir(os.path.join(corpus, sub)):
        with open(os.path.join(corpus, sub, name), "rb") as f:
            digest[name] = hashlib.md5(f.read()).hexdigest()
same_bytes = collections.defaultdict(list)
for name, h in digest.items():
    same_bytes[h].append(name)
derived = set()
for names in same_bytes.values():
    for i, x in enumerate(names):
        for y in names[i + 1:]:
            derived.add(frozenset((x, y)))
by_source = collections.defaultdict(list)
for susp, cs in cases.items():
    for c in cs:
        by_source[digest[c[2]]].append((susp, c[3], c[4]))
        for copy in same_bytes[digest[c[2]]]:
            derived.add(frozenset((susp, copy)))
for uses in by_source.values():
    for i, (s1, b1, e1) in enumerate(uses):
        for s2, b2, e2 in uses[i + 1:]:
            if s1 != s2 and b1 < e2 and b2 < e1:
                derived.add(frozenset((s1, s2)))

source_cache = {}


def case_sources(doc, begin, end):
    """Original source texts of the ground-truth cases that a passage of `doc` overlaps."""
    out = []
    for b, e, src, sb, se in cases.get(doc, ()):
        if b < end and begin < e:
            if src not in source_cache:
                source_cache[src] = read_text(src)
            out.append(source_cache[src][sb:se])
    return out


reported = {}
spans = {}  # pairs carrying a case: the suspicious-document spans of their passages
tiers = collections.Counter()
unverified = []
weak = None  # pairs withheld by the evidence rule, when the report lists them
for line in open(report, encoding="utf-8"):
    d = json.loads(line)
    if d["type"] == "run" and d["options"].get("report_weak_pairs"):
        weak = set()
    if d["type"] == "weak_pair":
        weak.add(frozenset((os.path.basename(d["a"]), os.path.basename(d["b"]))))
    if d["type"] != "pair":
        continue
    a, b = os.path.basename(d["a"]), os.path.basename(d["b"])
    key = frozenset((a, b))
    reported[key] = d["relation"]
    if key in cased:
        susp_a = a.startswith("suspicious")
        spans[key] = [((p["a"] if susp_a else p["b"])["char_begin"],
                       (p["a"] if susp_a else p["b"])["char_end"]) for p in d["passages"]]
        tier = "listed"
    elif key in derived:
        tier = "derived"
    elif any(word_runs(p["a"]["text"]) & word_runs(p["b"]["text"]) for p in d["passages"]):
        tier = "run"
    else:
        tier = "unverified"
        for p in d["passages"]:
            ra = word_runs(p["a"]["text"])
            for t in case_sources(a, p["a"]["char_begin"], p["a"]["char_end"]):
                ra |= word_runs(t)
            rb = word_runs(p["b"]["text"])
            for t in case_sources(b, p["b"]["char_begin"], p["b"]["char_end"]):
                rb |= word_runs(t)
            if ra & rb:
                tier = "via-case"
                break
        if tier == "unverified":
            unverified.append(d)
    tiers[tier] += 1

print(f"{'subset':<28} {'pairs with cases':>16} {'found':>7} {'recall':>7}"
      + (f" {'missed':>7} {'withheld':>8}" if weak is not None else ""))
for sub, sub_pairs in recall_rows:
    if sub_pairs:
        found = sum(1 for k in sub_pairs if k in reported)
        row = f"{sub:<28} {len(sub_pairs):>16} {found:>7} {found / len(sub_pairs):>7.3f}"
        if weak is not None:
            withheld = sum(1 for k in sub_pairs if k not in reported and k in weak)
            row += f" {len(sub_pairs) - found:>7} {withheld:>8}"
        print(row)
    else:
        print(f"{sub:<28} {0:>16} {'-':>7} {'-':>7}")
if weak is not None:
    print(f"withheld by the evidence rule: {len(weak)} pairs, "
          f"{sum(1 for k in weak if k in cased)} of them carrying a case")
# Where the passages of the pairs carrying a case lie: of the suspicious-document characters they
# cover, the share inside the pair's cases (passage edges; a summary passage swallowing a copy
# and the text around it lowers it), and of the cases' characters, the share covered. Pairs
# not reported count as uncovered cases.
print()
print(f"{'subset':<28} {'relation summary':>16} {'chars in cases':>14} {'cases covered':>13}")
for sub, sub_pairs in recall_rows:
    if not sub_pairs:
        continue
    marked = inside = case_chars = 0
    summaries = 0
    for k in sub_pairs:
        susp = next(x for x in k if x.startswith("suspicious"))
        src = next(x for x in k if not x.startswith("suspicious"))
        truth = set()
        for b, e, ref, _, _ in cases[susp]:
            if ref == src:
                truth.update(range(b, e))
        case_chars += len(truth)
        if k not in reported:
            continue
        summaries += reported[k] == "summary"
        covered = set()
        for b, e in spans[k]:
            covered.update(range(b, e))
        marked += len(covered)
        inside += len(covered & truth)
    print(f"{sub:<28} {summaries:>16} {inside / max(1, marked):>14.3f} "
          f"{inside / max(1, case_chars):>13.3f}")
print()
n = max(1, len(reported))
print(f"reported pairs: {len(reported)}")
cumulative = 0
for tier in ("listed", "derived", "run", "via-case", "unverified"):
    if tier != "unverified":
        cumulative += tiers[tier]
        print(f"  {tier:<10} {tiers[tier]:>6}   verified so far {cumulative / n:.3f}")
    else:
        print(f"  {tier:<10} {tiers[tier]:>6}")
# Where the unverified pairs are: per relation, the reported pairs and the share no automatic
# tier verifies (the relation whose evidence rule needs work first).
print(f"  {'relation':<15} {'pairs':>6} {'unverified':>10}")
unverified_by_relation = collections.Counter(d["relation"] for d in unverified)
for rel, total in sorted(collections.Counter(reported.values()).items()):
    unv = unverified_by_relation[rel]
    print(f"  {rel:<15} {total:>6} {unv:>6} ({unv / total:.3f})")
print(f"precision against the listed pairs alone: {tiers['listed'] / n:.3f}; "
      f"verified reuse (listed, derived, run, via-case): {cumulative / n:.3f}")
# The unverified pairs, estimated from the judged sample (bench/pan_precision_judged.tsv): only
# judgements of pairs that are unverified in this report count.
judged_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pan_precision_judged.tsv")
if os.path.isfile(judged_file) and unverified:
    unverified_keys = {frozenset((os.path.basename(d["a"]), os.path.basename(d["b"])))
                       for d in unverified}
    verdicts = []
    for line in open(judged_file):
        if line.startswith("#") or not line.strip():
            continue
        a, b, verdict = line.rstrip("\n").split("\t")[:3]
        if frozenset((a, b)) in unverified_keys:
            verdicts.append(verdict == "real")
    if verdicts:
        share = sum(verdicts) / len(verdicts)
        half = 1.96 * (share * (1 - share) / len(verdicts)) ** 0.5
        est = (cumulative + share * tiers["unverified"]) / n
        lo = (cumulative + max(0.0, share - half) * tiers["unverified"]) / n
        hi = (cumulative + min(1.0, share + half) * tiers["unverified"]) / n
        print(f"judged sample of unverified pairs: {sum(verdicts)} of {len(verdicts)} real; "
              f"estimated precision {est:.3f} (95% interval {lo:.3f}-{hi:.3f})")
if sample:
    random.seed(1)
    for d in random.sample(unverified, min(sample, len(unverified))):
        p = max(d["passages"], key=lambda p: len(p["a"]["text"]))
        print(f"== {os.path.basename(d['a'])} {os.path.basename(d['b'])} {d['relation']}")
        print("  A:", p["a"]["text"][:300].replace("\n", " "))
        print("  B:", p["b"]["text"][:300].replace("\n", " "))
