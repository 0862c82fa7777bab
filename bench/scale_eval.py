#!/usr/bin/python3
"""Scores a `textrace scan` report (or a peer tool's pair list) against the truth that
bench/gen_corpus.py planted.

usage: bench/scale_eval.py REPORT.jsonl DIR [--json]
       bench/scale_eval.py --pairs FILE [--min X] DIR [--json]

DIR holds truth.tsv (original<TAB>derived<TAB>kind) and families.tsv (id<TAB>family).
REPORT.jsonl: the lines with "type": "pair" count ("a", "b", "relation"); others are ignored.
--pairs FILE: lines fileA<TAB>fileB[<TAB>score]; --min X keeps lines whose score is >= X (lines
without a score are kept). Documents are compared by basename.

Prints, per planted kind, the planted pairs, the found ones, recall and the relations the report
gave them, and how many of the missed ones the report links through a duplicate group ("via dup":
both documents' groups of reported duplicates have a reported pair, or share one group; "+dup"
is the recall counting them); then the reported pairs split into planted edges, family pairs (both documents in one
planted family, but not a planted edge, e.g. two copies of one source) and spurious pairs (the two
documents are not in one planted family).
"""
import argparse
import collections
import json
import os
import sys

KINDS = ("verbatim", "near_duplicate", "spun", "partial", "summary")


def key(a, b):
    a, b = os.path.basename(a), os.path.basename(b)
    return (a, b) if a <= b else (b, a)


def read_report(path):
    """{pair key: relation} of the report's pair lines (the first relation given to a pair)."""
    pairs = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                print(f"scale_eval: {path}:{n}: not JSON, skipped", file=sys.stderr)
                continue
            if not isinstance(d, dict) or d.get("type") != "pair":
                continue
            k = key(str(d["a"]), str(d["b"]))
            if k[0] == k[1]:
                continue
            pairs.setdefault(k, str(d.get("relation", "?")))
    return pairs


def read_pairs(path, min_score):
    pairs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 2 or not fields[0] or not fields[1]:
                continue
            if min_score is not None and len(fields) > 2 and fields[2].strip():
                try:
                    if float(fields[2]) < min_score:
                        continue
                except ValueError:
                    pass
            k = key(fields[0], fields[1])
            if k[0] != k[1]:
                pairs.setdefault(k, "-")
    return pairs


def evaluate(pairs, truth_dir):
    truth = {}       # pair key -> kind
    children = set()
    edges = []
    with open(os.path.join(truth_dir, "truth.tsv"), encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 3 or fields[2] == "kind":  # gen_warc.py writes a header line
                continue
            a, b, kind = fields[:3]
            truth[key(a, b)] = kind
            edges.append((os.path.basename(a), os.path.basename(b), kind))
            children.add(os.path.basename(b))
    family = {}
    with open(os.path.join(truth_dir, "families.tsv"), encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and fields[1] != "family":
                family[os.path.basename(fields[0])] = fields[1]

    # Duplicate groups: documents joined by reported "duplicate" pairs. A report may list a group
    # of identical documents as pairs with one member only, so an edge that is not reported
    # itself counts as "via dup" when the report has a pair between the two documents' groups
    # (or both are in one group).
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for (a, b), rel in sorted(pairs.items()):
        if rel == "duplicate":
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    group_pairs = {tuple(sorted((find(a), find(b)))) for a, b in pairs}

    def via_dup(k):
        ga, gb = find(k[0]), find(k[1])
        return ga == gb or tuple(sorted((ga, gb))) in group_pairs

    kinds = list(KINDS) + sorted({k for k in truth.values() if k not in KINDS})
    per_kind = {}
    all_via = 0
    for kind in kinds:
        planted = [key(a, b) for a, b, k in edges if k == kind]
        if not planted and kind not in KINDS:
            continue
        found = [k for k in planted if k in pairs]
        via = sum(1 for k in planted if k not in pairs and via_dup(k))
        all_via += via
        hist = collections.Counter(pairs[k] for k in found)
        per_kind[kind] = {"planted": len(planted), "found": len(found),
                          "recall": len(found) / len(planted) if planted else None,
                          "via_dup": via,
                          "recall_with_dup": (len(found) + via) / len(planted) if planted else None,
                          "relations": dict(hist.most_common())}
    chain = [key(a, b) for a, b, _ in edges if a in children]
    chain_found = sum(1 for k in chain if k in pairs)

    n_true = n_family = n_spurious = 0
    spurious_rel = collections.Counter()
    family_rel = collections.Counter()
    for k, rel in pairs.items():
        if k in truth:
            n_true += 1
        elif k[0] in family and family.get(k[1]) == family[k[0]]:
            n_family += 1
            family_rel[rel] += 1
        else:
            n_spurious += 1
            spurious_rel[rel] += 1
    total_planted = len(truth)
    return {
        "kinds": per_kind,
        "planted": total_planted,
        "found": n_true,
        "recall": n_true / total_planted if total_planted else None,
        "via_dup": all_via,
        "recall_with_dup": (n_true + all_via) / total_planted if total_planted else None,
        "chain_edges": {"planted": len(chain), "found": chain_found,
                        "recall": chain_found / len(chain) if chain else None},
        "reported": len(pairs),
        "true_planted": n_true,
        "family": n_family,
        "spurious": n_spurious,
        "spurious_share": n_spurious / len(pairs) if pairs else 0.0,
        "family_relations": dict(family_rel.most_common()),
        "spurious_relations": dict(spurious_rel.most_common()),
    }


def fmt_hist(h):
    return ", ".join(f"{rel} {n}" for rel, n in h.items() if rel != "-") or "-"


def fmt_recall(r):
    return "-" if r is None else f"{r:.3f}"


def main():
    ap = argparse.ArgumentParser(description="Scores a scan report against gen_corpus.py's truth.")
    ap.add_argument("inputs", nargs="+", help="REPORT.jsonl DIR, or DIR with --pairs")
    ap.add_argument("--pairs", help="peer tool's pairs: fileA<TAB>fileB[<TAB>score] lines")
    ap.add_argument("--min", type=float, default=None, help="with --pairs: minimum score")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    if args.pairs:
        if len(args.inputs) != 1:
            ap.error("with --pairs give only DIR")
        truth_dir = args.inputs[0]
        pairs = read_pairs(args.pairs, args.min)
        source = args.pairs
    else:
        if len(args.inputs) != 2:
            ap.error("give REPORT.jsonl DIR")
        source, truth_dir = args.inputs
        pairs = read_report(source)
    res = evaluate(pairs, truth_dir)
    res["input"] = source
    if args.json:
        print(json.dumps(res, sort_keys=True))
        return 0

    print(f"{'kind':<16} {'planted':>8} {'found':>7} {'recall':>7} {'via dup':>8} "
          f"{'+dup':>6}  relations given")
    for kind, r in res["kinds"].items():
        print(f"{kind:<16} {r['planted']:>8} {r['found']:>7} {fmt_recall(r['recall']):>7} "
              f"{r['via_dup']:>8} {fmt_recall(r['recall_with_dup']):>6}  "
              f"{fmt_hist(r['relations'])}")
    print(f"{'all':<16} {res['planted']:>8} {res['found']:>7} {fmt_recall(res['recall']):>7} "
          f"{res['via_dup']:>8} {fmt_recall(res['recall_with_dup']):>6}")
    c = res["chain_edges"]
    print(f"{'(chain edges)':<16} {c['planted']:>8} {c['found']:>7} {fmt_recall(c['recall']):>7}")
    print(f"reported pairs {res['reported']}: planted {res['true_planted']}, "
          f"family {res['family']}, spurious {res['spurious']} "
          f"(spurious share {res['spurious_share']:.4f})")
    if fmt_hist(res["family_relations"]) != "-":
        print(f"  family pairs by relation: {fmt_hist(res['family_relations'])}")
    if fmt_hist(res["spurious_relations"]) != "-":
        print(f"  spurious pairs by relation: {fmt_hist(res['spurious_relations'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
