#!/usr/bin/python3
"""Scores a `textrace scan` report of the whole PAN corpus (src/ and susp/ as one collection)
against the corpus's pairs: the share of pairs carrying a plagiarism case that the scan reports,
per subset, and the share of reported pairs that are real pairs of the corpus.

usage: bench/pan_retrieval.py REPORT.jsonl [CORPUS_DIR]
"""
import json
import os
import re
import sys

report = sys.argv[1]
corpus = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.path.dirname(__file__), "..", "..", "shared", "data", "pan13-train")

def word_runs(text, n=8):
    w = re.findall(r"\w+", text.lower())
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


reported = set()
relations = {}
verbatim_run = set()  # pairs with a passage whose two sides share a run of 8 words
for line in open(report, encoding="utf-8"):
    d = json.loads(line)
    if d["type"] != "pair":
        continue
    key = frozenset((os.path.basename(d["a"]), os.path.basename(d["b"])))
    reported.add(key)
    relations[key] = d["relation"]
    if any(word_runs(p["a"]["text"]) & word_runs(p["b"]["text"]) for p in d["passages"]):
        verbatim_run.add(key)

all_pairs = set()
print(f"{'subset':<28} {'pairs with cases':>16} {'found':>7} {'recall':>7}")
for sub in sorted(os.listdir(corpus)):
    pairs_file = os.path.join(corpus, sub, "pairs")
    if not os.path.isfile(pairs_file):
        continue
    with_cases = 0
    found = 0
    for line in open(pairs_file):
        susp, src = line.split()
        key = frozenset((susp, src))
        all_pairs.add(key)
        xml = os.path.join(corpus, sub, f"{susp[:-4]}-{src[:-4]}.xml")
        if not re.search(r'name="plagiarism"', open(xml).read()):
            continue
        with_cases += 1
        found += key in reported
    if with_cases:
        print(f"{sub:<28} {with_cases:>16} {found:>7} {found / with_cases:>7.3f}")
    else:
        print(f"{sub:<28} {0:>16} {'-':>7} {'-':>7}")
real = sum(1 for k in reported if k in all_pairs)
print(f"reported pairs: {len(reported)}, of which pairs of the corpus: {real} "
      f"(precision {real / max(1, len(reported)):.3f})")
# The corpus's documents share text beyond its listed pairs (suspicious documents built on the
# same base texts, duplicate sources). An independent check of the rest: a passage pair whose
# two sides share a run of 8 words (in order, case-folded) is text reuse whatever the listing.
checked = sum(1 for k in reported if k not in all_pairs and k in verbatim_run)
rest = len(reported) - real - checked
print(f"not in the corpus's pairs: {len(reported) - real}, of which sharing an 8-word run: "
      f"{checked}, unverified: {rest}; listed or sharing a run: "
      f"{(real + checked) / max(1, len(reported)):.3f}")
