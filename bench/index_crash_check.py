#!/usr/bin/python3
"""The checks of bench/index_crash.sh, on the files it writes. Standard library only.

usage:
  index_crash_check.py chunks REF_ADD_LOG REF_LIST OUT_CHUNKS
      The reference add's batches, in order, as chunks of the collection: line k of OUT_CHUNKS
      holds the ids of batch k, tab-separated. An add reads its inputs in order and cuts a batch
      every --batch bytes of text, counting the documents it skips because they are indexed
      already; so every add of the same collection with the same --batch cuts the same chunks.
      A chunk whose documents are all indexed already commits nothing: an add that starts
      with chunks 1..b in the index commits chunk b + k as its k-th batch.
  index_crash_check.py run CHUNKS BEFORE ADD_LOG LIST STATS KILLED
      After an add killed with SIGKILL (KILLED=1) or run to its end (KILLED=0): checks the index's
      listing against the chunks and against what the add reported, and prints
      "CHUNKS_NOW REPORTED VERIFIED" (chunks wholly in the index now, batches the add reported
      committed, reported batches found whole). BEFORE: the chunks wholly in the index before
      the add. Exit 1, with the reasons on stderr, when a check fails.
  index_crash_check.py export A B
      Compares two exports (scan reports) line by line, the run line less the skipped inputs
      (the ids an add skipped because they were indexed already). Exit 1 when they differ.
"""
import json
import re
import sys

# "committed batch N (K documents)", perhaps followed by more (its time: "in S s").
COMMITTED = re.compile(r"^textrace index: committed batch (\d+) \((\d+) documents\)(?:$| )")


def committed_lines(path):
    """(batch number, documents) of each whole "committed batch" line of an add's stderr."""
    with open(path, "rb") as f:
        data = f.read().decode("utf-8", "replace")
    out = []
    # A line the kill cut short has no newline: only whole lines count.
    for line in data.split("\n")[:-1]:
        m = COMMITTED.match(line)
        if m:
            out.append((int(m.group(1)), int(m.group(2))))
    return out


def listing(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            j = json.loads(line)
            docs.append((j["document"], j["batch"], j["id"]))
    return docs


def cmd_chunks(add_log, ref_list, out_path):
    batches = committed_lines(add_log)
    docs = listing(ref_list)
    by_batch = {}
    for _, batch, doc_id in docs:
        by_batch.setdefault(batch, []).append(doc_id)
    problems = []
    if [b for b, _ in batches] != list(range(1, len(batches) + 1)):
        problems.append("the reference add's batches are not numbered 1, 2, ...")
    chunks = []
    for batch, n in batches:
        ids = by_batch.get(batch, [])
        if len(ids) != n:
            problems.append(f"reference batch {batch}: reported {n} documents, holds {len(ids)}")
        chunks.append(ids)
    if sum(len(c) for c in chunks) != len(docs):
        problems.append("the reference index holds documents of no reported batch")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with open(out_path, "w", encoding="utf-8") as f:
        for ids in chunks:
            f.write("\t".join(ids) + "\n")
    return 0


def read_chunks(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") if line.strip() else [] for line in f]


def cmd_run(chunks_path, before, add_log, list_path, stats_path, killed):
    chunks = read_chunks(chunks_path)
    before = int(before)
    killed = killed == "1"
    problems = []
    docs = listing(list_path)
    ids = [d[2] for d in docs]
    # Documents are numbered 0, 1, ... in the order they were added: no gap, no repeat.
    if [d[0] for d in docs] != list(range(len(docs))):
        problems.append("document numbers are not 0..n-1 in order")
    if len(set(ids)) != len(ids):
        problems.append("an id is indexed twice")
    # None half there: the index holds chunks 1..c whole and nothing else.
    now, total = 0, 0
    while now < len(chunks) and total + len(chunks[now]) <= len(ids):
        total += len(chunks[now])
        now += 1
    while now > 0 and not chunks[now - 1] and total == len(ids):
        # Empty chunks (every document skipped) do not show; count the index as holding up to
        # the last non-empty one.
        now -= 1
    if total != len(ids):
        problems.append(f"the index holds {len(ids)} documents: not a whole number of batches "
                        f"(chunks 1..{now} hold {total}); a batch is there in part")
    expected = [i for c in chunks[:now] for i in c]
    if set(ids) != set(expected):
        missing = sorted(set(expected) - set(ids))[:5]
        stray = sorted(set(ids) - set(expected))[:5]
        problems.append(f"the index is not chunks 1..{now}: missing {missing}, stray {stray}")
    # What the add reported: its k-th committed batch is chunk before + k.
    reported = committed_lines(add_log)
    verified = 0
    by_batch = {}
    for _, batch, doc_id in docs:
        by_batch.setdefault(batch, set()).add(doc_id)
    for k, (batch, n) in enumerate(reported, start=1):
        c = before + k
        if c > len(chunks):
            problems.append(f"the add reported batch {batch} as its {k}th, after {before} "
                            f"chunks: more than {len(chunks)}")
            continue
        want = set(chunks[c - 1])
        if n != len(want):
            problems.append(f"reported batch {batch} (the add's {k}th) with {n} documents; "
                            f"expected {len(want)}")
        got = by_batch.get(batch, set())
        if got != want:
            problems.append(f"reported batch {batch}: {len(got)} of its documents in the index, "
                            f"expected {len(want)} (missing {sorted(want - got)[:3]}, "
                            f"stray {sorted(got - want)[:3]})")
        elif want:
            verified += 1
    # Nothing committed is lost; at most one batch is there that the add did not report
    # (committed, killed before it said so); an add that ran to its end reported them all.
    last_non_empty = max([k for k in range(1, len(chunks) + 1) if chunks[k - 1]], default=0)
    if now < before:
        problems.append(f"chunks {now + 1}..{before} were committed before this add and are gone")
    # The index may hold one chunk more than reported: killed between its commit and the line.
    ceiling = before + len(reported) + (1 if killed else 0)
    # Chunks that were all skipped leave no trace; skip over empty ones.
    while ceiling < len(chunks) and not chunks[ceiling] and ceiling < last_non_empty:
        ceiling += 1
    if now > max(before, ceiling):
        problems.append(f"the index holds chunks 1..{now}, but the add reported only "
                        f"{len(reported)} batches (before: {before})")
    if now < before + len(reported) and now < last_non_empty:
        problems.append(f"the add reported {len(reported)} batches, the index holds chunks 1..{now}")
    if not killed and now != last_non_empty:
        problems.append(f"the add ran to its end, yet the index holds chunks 1..{now} of "
                        f"{last_non_empty}")
    with open(stats_path, encoding="utf-8") as f:
        stats = f.read()
    m = re.search(r"^documents\s+(\d+)$", stats, re.M)
    if not m or int(m.group(1)) != len(ids):
        problems.append(f"index stats says {m.group(1) if m else '?'} documents, the listing "
                        f"{len(ids)}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(now, len(reported), verified)
    return 0


def report_lines(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            j = json.loads(line)
            if j.get("type") == "run":
                j.pop("skipped", None)
                j.pop("documents_skipped", None)
            out.append(json.dumps(j, sort_keys=True))
    return out


def cmd_export(a, b):
    la, lb = report_lines(a), report_lines(b)
    if la == lb:
        return 0
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            print(f"line {i + 1} differs:\n  {x[:300]}\n  {y[:300]}", file=sys.stderr)
            break
    else:
        print(f"{len(la)} lines against {len(lb)}", file=sys.stderr)
    return 1


def main(argv):
    commands = {"chunks": (cmd_chunks, 3), "run": (cmd_run, 6), "export": (cmd_export, 2)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    fn, _ = commands[argv[1]]
    return fn(*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
