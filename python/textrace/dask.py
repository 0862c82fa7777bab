"""The scan of a collection spread over a Dask cluster: ``textrace.dask.scan``.

    import distributed, dask.bag, textrace.dask
    client = distributed.Client("tcp://scheduler:8786")
    docs = dask.bag.read_text("s3://bucket/*.jsonl").map(json.loads)
    report = textrace.dask.scan(docs, client=client)
    report.write_jsonl("report.jsonl")

The stages are the scan's own (the library's textrace/distributed.h, which the Scanner runs in
one process), run where the data is: each partition is analyzed on a worker and stays there;
the document frequency and the boilerplate lines are counted by key range and broadcast; the
anchor and rare-word keys go by key range, the pairs sharing them by pair range, each document's
best partners by document range; candidate pairs are verified by partition pair, on a worker
that holds or fetches the two partitions. The client holds each document's metadata (id, date,
sizes), sketches (412 bytes each), the candidate pairs and the report, with the texts of the
documents in related pairs only. The result is the CLI's: the same documents, pairs, passages
and families, the JSONL report byte for byte (docs/distributed.md).

Start the workers on tcmalloc (LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4), the
CLI's allocator, or else with GLIBC_TUNABLES=glibc.malloc.hugetlb=1: glibc's allocator otherwise
costs them page faults that the CLI does not pay (docs/distributed.md, "Running it").
"""

import collections.abc
import math
import operator
import time

from . import _textrace

__all__ = ["scan"]

# Candidate stages, as the library numbers them (CandidateStage).
_ANCHORS, _RARE_WORDS = 2, 3
# Pairs per verification task: big enough to amortize a task, small enough to spread.
_PAIRS_PER_TASK = 2000

_engines = {}


def _engine(options):
    """The engine for these options, made once per process (workers keep theirs)."""
    key = repr(sorted(options.items()))
    engine = _engines.get(key)
    if engine is None:
        engine = _engines[key] = _textrace._StageEngine(options)
    return engine


def _plain(value):
    """A numpy or pandas scalar as a Python value (NaN and NaT as None)."""
    if isinstance(value, (str, bytes, int)) or value is None:
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _analyze(options, index, docs):
    # A document the library refuses is named by its place in the partition: say which.
    docs = [d if isinstance(d, dict) and all(isinstance(v, (str, type(None))) for v in d.values())
            else {k: _plain(v) for k, v in dict(d).items()} for d in docs]
    try:
        return _textrace._stage_analyze(_engine(options), docs)
    except (TypeError, ValueError) as e:
        raise type(e)(f"partition {index}: {e}") from None


def _df_parts(part, numbers, ranges):
    return _textrace._stage_df_parts(part, numbers, ranges)


def _line_parts(options, part, numbers, ranges):
    return _textrace._stage_line_parts(_engine(options), part, numbers, ranges)


def _recurring(options, parts):
    return _textrace._stage_recurring_lines(_engine(options), parts)


def _anchor_postings(options, part, numbers, active, common, ranges):
    return _textrace._stage_anchor_postings(_engine(options), part, numbers, active, common,
                                            ranges)


def _anchor_links(options, contributions, counts, ranges):
    # Every partition's anchor counts, joined (a broadcast, as 8 bytes a document).
    return _textrace._stage_anchor_links(_engine(options), contributions, b"".join(counts),
                                         ranges)


def _rare_links(options, contributions, ranges):
    return _textrace._stage_rare_links(_engine(options), contributions, ranges)


def _best_anchor(options, offers):
    return _textrace._stage_best_anchor_partners(_engine(options), offers)


def _best_rare(options, offers):
    return _textrace._stage_best_rare_partners(_engine(options), offers)


def _for_verification(part):
    return _textrace._stage_for_verification(part)


def _verify(options, parts, numbers, pairs, lines):
    return _textrace._stage_verify(_engine(options), parts, numbers, pairs, lines)


def _merge_counts(parts):
    return _textrace._stage_merge_counts(parts)


def _common_keys(merged):
    return _textrace._stage_common_keys(merged)


def _sketches(part, numbers):
    return _textrace._stage_sketches(part, numbers)


def _link_contributions(postings, max_postings, ranges):
    return _textrace._stage_link_contributions(postings, max_postings, ranges)


def _texts(part, numbers, wanted):
    return _textrace._stage_texts(part, numbers, wanted)


def _value(x):
    return x


def _nbytes(x):
    """Bytes of a stage's result (bytes, or lists and tuples of them)."""
    if isinstance(x, (bytes, bytearray)):
        return len(x)
    if isinstance(x, (list, tuple)):
        return sum(_nbytes(y) for y in x)
    return x.__sizeof__()


def _partitions(collection):
    """The collection's partitions as delayed lists of document dicts, in order."""
    import dask.bag
    if isinstance(collection, dask.bag.Bag):
        return collection.to_delayed()
    try:
        import dask.dataframe
    except ImportError:  # pragma: no cover (pandas absent)
        dask.dataframe = None
    if dask.dataframe is not None and isinstance(collection, dask.dataframe.DataFrame):
        return collection.to_bag(index=False, format="dict").to_delayed()
    raise TypeError("collection: expected a dask bag of document dicts or a dask DataFrame, got "
                    f"{type(collection).__name__}")


def scan(collection, client=None, *, ranges=None, stage_stats=None, **options):
    """Finds every related pair of a collection on a Dask cluster; returns a Report, the same as
    ``textrace.scan`` (and ``textrace scan``) gives for the same documents in the same order.

    collection: a dask bag of document dicts (``id``, ``text``, optional ``date``, ``url``; other
    keys carried through, as textrace.scan takes them), or a dask DataFrame with those columns.
    Documents are numbered in the collection's order (partition by partition).
    client: a distributed.Client (default: the current one).
    ranges: how many key ranges the shuffled stages use (default: the cluster's worker threads,
    at most the partition count); the result does not depend on it.
    stage_stats: a dict to fill with each stage's seconds and the bytes of its results (which
    takes a gather per stage: not with ``measure_bytes=False`` in the dict).
    options: the scan's options by name, as textrace.scan takes them (resources are ignored: the
    workers' threads are the cluster's).
    """
    import dask
    import distributed
    if client is None:
        client = distributed.default_client()
    options = {k: v for k, v in options.items() if k not in ("threads", "memory", "tmp")}
    engine = _engine(options)  # checks the options here, before any work is sent
    parts = _partitions(collection)
    n_parts = len(parts)
    if not ranges:
        # A range per worker thread: more ranges make more small tasks (measured: 12 ranges
        # instead of 2 on 2 workers took 39% longer at 100 MB), not more parallel work.
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        ranges = min(n_parts, threads)
    r_count = max(1, int(ranges))
    stats = stage_stats if stage_stats is not None else {}
    measure_bytes = stats.pop("measure_bytes", stage_stats is not None)
    submit = client.submit
    clock = [time.perf_counter()]

    def measure(name, futures):
        if not measure_bytes:
            return
        sizes = client.gather([submit(_nbytes, f, pure=False) for f in futures])
        stats[name + "_bytes"] = int(sum(sizes))

    def lap(name):
        now = time.perf_counter()
        stats[name + "_seconds"] = now - clock[0]
        clock[0] = now

    def item(future, *index):
        for i in index:
            future = submit(operator.getitem, future, i)
        return future

    # 1. Analysis, per partition; the partitions stay on the workers.
    analyzed = client.compute([dask.delayed(_analyze)(options, i, p) for i, p in enumerate(parts)])
    partition = [item(f, 0) for f in analyzed]
    metas = client.gather([item(f, 1) for f in analyzed])
    # The documents numbered in input order, as the Scanner numbers them.
    assembler = _textrace._Assembler(engine)
    numbers, part_of = [], []
    position = 0
    for p, meta in enumerate(metas):
        ns = []
        for m in meta:
            k = assembler.add(m, f"documents[{position}]")
            position += 1
            ns.append(k)
            if k >= 0:
                part_of.append(p)
        numbers.append(ns)
    del metas
    n = assembler.documents
    lap("analyze")
    measure("partitions", partition)

    # 2. Collection statistics: document frequency by key range (the keys of two documents or
    # more broadcast), short lines by line range (the recurring ones to the client).
    df_parts = [submit(_df_parts, partition[p], numbers[p], r_count) for p in range(n_parts)]
    merged = [submit(_merge_counts, [item(df_parts[p], r) for p in range(n_parts)])
              for r in range(r_count)]
    common = submit(_common_keys, merged)
    line_parts = [submit(_line_parts, options, partition[p], numbers[p], r_count)
                  for p in range(n_parts)]
    recurring = [submit(_recurring, options, [item(line_parts[p], r) for p in range(n_parts)])
                 for r in range(r_count)]
    sketches = [submit(_sketches, partition[p], numbers[p])
                for p in range(n_parts)]
    coordinator = _textrace._Coordinator(engine, n)
    for s in client.gather(sketches):
        coordinator.add_sketches(s)
    lines = coordinator.boilerplate_lines(client.gather(recurring))
    active = coordinator.propose_by_hashes()
    measure("document_frequency", df_parts)
    measure("common_keys", [common])
    measure("line_entries", line_parts)
    measure("recurring_lines", recurring)
    measure("sketches", sketches)
    del df_parts, merged, line_parts, recurring, sketches
    lap("statistics")

    # 3. Anchors and rare words: postings by key range, pairs sharing keys by pair range, each
    # document's best partners by document range.
    # Broadcasts go in as tasks (not scattered), so that a worker lost takes no data with it
    # that the scheduler could not make again.
    active_f = submit(_value, active, pure=False)
    postings = [submit(_anchor_postings, options, partition[p], numbers[p], active_f, common,
                       r_count) for p in range(n_parts)]
    counts = [item(f, 2) for f in postings]

    def links(which, max_postings):
        contributions = [
            submit(_link_contributions,
                   [item(postings[p], which, r) for p in range(n_parts)], max_postings, r_count)
            for r in range(r_count)]
        measure(("anchor" if which == 0 else "rare_word") + "_contributions", contributions)
        # Each pair range takes the key ranges' contributions in key order.
        return [[item(contributions[r], q) for r in range(r_count)] for q in range(r_count)]

    # Both stages are sent before either is gathered; their pairs are taken in stage order.
    anchor_links = [submit(_anchor_links, options, c, counts, r_count)
                    for c in links(0, engine.max_anchor_postings)]
    best_anchor = [submit(_best_anchor, options,
                          [item(anchor_links[q], 1, d) for q in range(r_count)])
                   for d in range(r_count)]
    rare_links = [submit(_rare_links, options, c, r_count)
                  for c in links(1, engine.rare_word_max_documents)]
    best_rare = [submit(_best_rare, options, [item(rare_links[q], d) for q in range(r_count)])
                 for d in range(r_count)]
    strong, best_anchor, best_rare = client.gather(
        [[item(f, 0) for f in anchor_links], best_anchor, best_rare])
    for s in strong + best_anchor:
        coordinator.add_proposed(s, _ANCHORS)
    for s in best_rare:
        coordinator.add_proposed(s, _RARE_WORDS)
    measure("postings", postings)
    measure("anchor_offers", anchor_links)
    measure("rare_word_offers", rare_links)
    del postings, anchor_links, rare_links, counts
    candidates = coordinator.candidates()
    lap("candidates")

    # 4. Verification, by the pair of partitions holding the two documents.
    lines_f = submit(_value, lines, pure=False)
    # The partitions without what the candidate stages needed: what verification moves.
    partition = [submit(_for_verification, p) for p in partition]
    # Pairs go by the partitions of their two documents: a worker verifying pairs across two
    # partitions fetches the one it does not hold, once (moving only the documents the pairs
    # need, made per pair of partitions, measured slower: 11 s against 6-9 s at 100 MB).
    groups = collections.defaultdict(list)  # (partition of a, of b) -> candidate indices
    for k, (a, b, _) in enumerate(candidates):
        groups[(part_of[a], part_of[b])].append(k)
    tasks = []
    for (pa, pb), ks in sorted(groups.items()):
        held = [pa] if pa == pb else [pa, pb]
        for begin in range(0, len(ks), _PAIRS_PER_TASK):
            chunk = ks[begin:begin + _PAIRS_PER_TASK]
            pairs = [(candidates[k][0], candidates[k][1]) for k in chunk]
            tasks.append((chunk, submit(_verify, options, [partition[p] for p in held],
                                        [numbers[p] for p in held], pairs, lines_f)))
    comparisons = [None] * len(candidates)
    for (chunk, _), result in zip(tasks, client.gather([f for _, f in tasks])):
        for k, c in zip(chunk, result):
            comparisons[k] = c
    measure("comparisons", [f for _, f in tasks])
    del tasks
    lap("verify")

    # 5. Relations and families on the client; the texts of the documents in pairs fetched.
    assembler.finish(candidates, comparisons, coordinator.boilerplate_line_count)
    wanted = assembler.documents_in_pairs()
    by_part = collections.defaultdict(list)
    for d in wanted:
        by_part[part_of[d]].append(d)
    texts = [submit(_texts, partition[p], numbers[p], ds)
             for p, ds in sorted(by_part.items())]
    for got in client.gather(texts):
        for d, text in got:
            assembler.set_text(d, text)
    measure("texts", texts)
    del texts, partition, analyzed
    lap("finish")
    stats["documents"] = n
    stats["candidates"] = len(candidates)
    return assembler.report(0)
