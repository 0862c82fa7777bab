#!/usr/bin/python3
"""Checks what tests/index_concurrent_test.sh recorded while an add ran. Standard library only.

usage: index_concurrent_check.py WORK QUERIES
  WORK/final.list    `index list` of the index once the add ended (one add into an empty index:
                     batch k holds the k-th chunk of the collection)
  WORK/obs/N.*       one observation each: N.before and N.after (the batches the add had
                     reported committed when the reader started and when it ended), N.kind
                     (query or stats), N.out (its output)
  WORK/queries.tsv   query file, id of the indexed document it copies
Each observation must be consistent with a committed state between the two: a query's matches
are documents of batches 1..after+1 (one more: committed, not yet reported), and it finds the
document it copies when that one's batch was reported before it started; `index stats` counts
the documents of batches 1..c for some c in before..after+1. Prints a summary; exit 1 with the
reasons when an observation is not consistent.
"""
import glob
import json
import os
import re
import sys


def main(work, want_queries):
    batch_of, per_batch = {}, {}
    with open(os.path.join(work, "final.list"), encoding="utf-8") as f:
        for line in f:
            j = json.loads(line)
            batch_of[j["id"]] = j["batch"]
            per_batch[j["batch"]] = per_batch.get(j["batch"], 0) + 1
    batches = max(per_batch, default=0)
    cumulative = [0]
    for b in range(1, batches + 1):
        cumulative.append(cumulative[-1] + per_batch.get(b, 0))
    copies = {}
    with open(os.path.join(work, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            path, doc_id = line.rstrip("\n").split("\t")
            copies[os.path.basename(path)] = doc_id
    problems = []
    queries = stats = found = mid = 0
    for before_path in sorted(glob.glob(os.path.join(work, "obs", "*.before"))):
        base = before_path[: -len(".before")]
        with open(before_path) as f:
            before = int(f.read())
        with open(base + ".after") as f:
            after = int(f.read())
        with open(base + ".kind") as f:
            kind = f.read().strip()
        with open(base + ".out", encoding="utf-8") as f:
            out = f.read()
        name = os.path.basename(base)
        ceiling = after + 1
        if 0 < before < batches:
            mid += 1
        if kind == "query":
            queries += 1
            lines = [json.loads(l) for l in out.splitlines() if l.strip()]
            if len(lines) != len(copies):
                problems.append(f"{name}: {len(lines)} results for {len(copies)} queried files")
                continue
            for result in lines:
                query = os.path.basename(result["query"])
                matched = [m["b"].get("id", m["b"].get("name")) for m in result["matches"]]
                for doc_id in matched:
                    b = batch_of.get(doc_id)
                    if b is None or b > ceiling:
                        problems.append(f"{name}: {query} matched {doc_id} of batch {b}, but "
                                        f"only {after} batches were reported by its end")
                source = copies.get(query)
                if batch_of.get(source, batches + 1) <= before:
                    if source in matched:
                        found += 1
                    else:
                        problems.append(f"{name}: {query} copies {source} (batch "
                                        f"{batch_of.get(source)}, reported before the query "
                                        f"began: {before}), not found")
        else:
            stats += 1
            m = re.search(r"^documents\s+(\d+)$", out, re.M)
            n = int(m.group(1)) if m else -1
            states = [cumulative[c] for c in range(before, min(ceiling, batches) + 1)]
            if n not in states:
                problems.append(f"{name}: index stats says {n} documents; a committed state "
                                f"between batches {before} and {ceiling} holds one of {states}")
    if queries < want_queries:
        problems.append(f"only {queries} queries ran during the add (want {want_queries})")
    if mid == 0:
        problems.append("no reader ran while the index held some of the batches but not all")
    if found == 0:
        problems.append("no query found the document it copies: nothing was checked")
    if problems:
        print("\n".join(problems[:20]), file=sys.stderr)
        return 1
    print(f"index_concurrent: {queries} queries and {stats} stats during an add of {batches} "
          f"batches ({mid} of them mid-way), all consistent with a committed state; "
          f"{found} copies found")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
