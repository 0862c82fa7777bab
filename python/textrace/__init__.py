"""textrace: finds text reuse (copies, near-duplicates, spun rewrites, partial reuse, summaries)
and reports the passages and the words that changed.

    import textrace
    c = textrace.compare(pathlib.Path("original.txt"), pathlib.Path("spun.txt"))
    print(c.relation, c.coverage_a, [p.kind for p in c.passages])

The same library calls as the `textrace` command, so the same answers. Options are keyword
arguments with the CLI's names (``min_passage_chars=200`` for ``--min-passage-chars 200``) and
defaults; ``textrace.options()`` lists them. docs/python.md is the reference.
"""

import os as _os

from . import _textrace
from ._textrace import (  # noqa: F401  (the public names)
    Comparison,
    DataLossError,
    Dedup,
    Document,
    Edit,
    Error,
    Family,
    InvalidArgumentError,
    IoError,
    Match,
    NotFoundError,
    Pair,
    Passage,
    QueryResult,
    Report,
    Span,
    options,
)

__all__ = [
    "compare", "scan", "dedup", "Index", "options",
    "Comparison", "Report", "Dedup", "Pair", "Family", "Document", "Passage", "Span", "Edit",
    "QueryResult", "Match",
    "Error", "InvalidArgumentError", "NotFoundError", "IoError", "DataLossError",
]


def compare(a, b, *, a_id=None, b_id=None, order="auto", **options):
    """Compares two documents as ``textrace compare A B`` does; returns a Comparison.

    Each side is a str (the text), bytes (raw input: decoded, HTML's main text extracted, as the
    content of a file would be) or a path (os.PathLike, e.g. pathlib.Path: read as the CLI reads
    a file, gzip, WARC and JSONL included). A plain str is text, never a path.

    a_id, b_id: for a path that holds several documents (JSONL, WARC), which one (as --a-id);
    for a text, its id in the result (default "a" and "b").
    order: "auto" (as scan aligns a pair) or "given" (A first, as PAN's detections are made).
    options: the CLI's compare options by name (input, analyzer, thesaurus, align, evidence).
    """
    return _textrace._compare(a, b, a_id or "", b_id or "", order, options)


def scan(documents, *, progress=None, **options):
    """Finds every related pair in a collection, as ``textrace scan`` does; returns a Report.

    documents: an iterable of dicts (``id``, ``text``, optional ``date`` and ``url``; other keys
    are carried through; the field names follow the id_field/text_field/date_field/url_field
    options) or of paths (str or os.PathLike: directories, files, JSONL, WARC, read as the CLI
    reads its inputs), in any mix; or one path.
    progress: optional callable, called now and then with a dict (stage, documents, bytes,
    pairs_done, pairs_total, seconds, ...). An exception it raises is raised when the scan ends.
    options: the CLI's scan options by name, resources (threads, memory, tmp) included.
    """
    return _textrace._scan(documents, progress, options)


def dedup(documents, *, progress=None, **options):
    """Keeps one document per group of duplicates, as ``textrace dedup`` does; returns a Dedup.

    Takes what scan takes, and the dedup options (keep="first"|"earliest"|"longest",
    dedup_near_duplicates, fast, fast_threshold). The result has ``kept`` (ids, in input order),
    ``map`` (one dict per removed document: id, duplicate_of, closest, relation, similarity),
    ``report`` (the scan's Report), ``write_kept(path)`` and ``write_map(path)``.

    fast=True: the near-duplicate tier (``textrace dedup --fast``): exact and near-duplicates
    only, by word 3-gram MinHash, at the speed of reading; no aligner, so the report has the
    documents and no pairs, and ``progress`` is not called. The same map as the CLI's.
    """
    if options.get("fast"):
        return _textrace._dedup_fast(documents, options)
    return _textrace._dedup(documents, progress, options)


class Index:
    """A persistent index (``textrace index``): documents added as they arrive, each compared with
    every document already there; any text asked about in milliseconds.

        idx = textrace.Index.create("idx")            # writable, options fixed from now on
        idx.add([{"id": "d1", "text": "..."}, pathlib.Path("more.jsonl")])
        for m in textrace.Index("idx").query("a text").matches: print(m.id, m.relation)

    Index(path, writable=False, threads=0, memory=..., tmp=...) opens one; a writable one takes
    the writer's lock until close() (or the end of a ``with`` block).
    """

    def __init__(self, path, writable=False, **resources):
        self._handle = _textrace._Index(_os.fspath(path), writable, resources)

    @classmethod
    def create(cls, path, *, threads=None, memory=None, tmp=None, **options):
        """Makes an index in ``path`` (absent or empty) with the options (the CLI's ``index
        create`` options), and opens it writable with the resources given."""
        path = _os.fspath(path)
        _textrace._Index.create(path, options)
        resources = {k: v for k, v in (("threads", threads), ("memory", memory), ("tmp", tmp))
                     if v is not None}
        return cls(path, writable=True, **resources)

    def add(self, documents, *, replace=False, batch=None, progress=None):
        """Adds documents (dicts or paths, as scan takes them). replace: a document whose id is
        indexed replaces it (else it is skipped). batch: commit every this much text (int bytes
        or "64M"). progress: called with (batch, documents) after each commit. Returns a dict:
        documents, replaced, pairs, skipped [(origin, reason)], batches, candidates,
        weak_pairs."""
        return self._handle.add(documents, replace, batch, progress)

    def query(self, text, *, top=0, id=None):
        """The indexed documents a text relates to, best first (top: how many, 0 all). text: a
        str (the text), bytes (raw input) or a path. Returns a QueryResult."""
        return self._handle.query(text, top, id or "")

    def remove(self, ids):
        """Removes documents by id (a str or a list); unknown ids raise NotFoundError or
        InvalidArgumentError and remove nothing."""
        self._handle.remove(ids)

    def export(self, since=None):
        """The index's documents and relations as a scan Report (``textrace index export``);
        since: only the pairs with a document added at or after that date."""
        return self._handle.export(since)

    def stats(self):
        """format, created, documents, text_bytes, pairs, batches, disk_bytes."""
        return self._handle.stats()

    def check(self):
        """Reads every structure and checks it; raises DataLossError naming the first damage."""
        self._handle.check()

    @property
    def options(self):
        """The options the index was created with."""
        return self._handle.options()

    @property
    def path(self):
        return self._handle.path

    @property
    def writable(self):
        return self._handle.writable

    @property
    def closed(self):
        return self._handle.closed

    def close(self):
        """Closes the index (a writable one gives up the writer's lock)."""
        self._handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        state = "closed" if self.closed else ("writable" if self.writable else "read-only")
        return f"Index({self.path!r}, {state})"


# ----------------------------------------------------------------------------------------------
# Pythonic additions to the native result classes.

def _pair_dict(p):
    a, b = p.a_document, p.b_document
    return {
        "a": p.a, "b": p.b, "relation": p.relation,
        "coverage_a": p.coverage_a, "coverage_b": p.coverage_b,
        "score": p.score, "kept": p.kept,
        "direction": p.direction, "direction_reason": p.direction_reason,
        "found_by": p.found_by, "via": p.via, "weak": p.weak,
        "a_date": a.date, "b_date": b.date, "a_words": a.words, "b_words": b.words,
    }


def _pair_to_dict(self):
    """The pair as a flat dict (one row of Report.to_pandas)."""
    return _pair_dict(self)


def _to_pandas(self, weak=False):
    """The related pairs as a pandas DataFrame, one row per pair (Pair.to_dict's columns);
    with weak=True, the pairs withheld for weak evidence too (report_weak_pairs=True)."""
    try:
        import pandas
    except ImportError as e:
        raise ImportError("Report.to_pandas needs pandas (apt-get install python3-pandas); "
                          "Report.pairs has the same data as objects") from e
    pairs = list(self.pairs) + (list(self.weak_pairs) if weak else [])
    columns = ["a", "b", "relation", "coverage_a", "coverage_b", "score", "kept", "direction",
               "direction_reason", "found_by", "via", "weak", "a_date", "b_date", "a_words",
               "b_words"]
    return pandas.DataFrame([_pair_dict(p) for p in pairs], columns=columns)


def _report_repr(self):
    s = self.stats
    return (f"Report({s['documents']} documents, {s['related_pairs']} related pairs, "
            f"{s['families']} families)")


def _comparison_repr(self):
    return (f"Comparison({self.a.id!r}, {self.b.id!r}: {self.relation}, coverage "
            f"{self.coverage_a:.2f} / {self.coverage_b:.2f}, {len(self.passages)} passages)")


def _dedup_repr(self):
    return f"Dedup(kept {len(self.kept)}, removed {len(self.map)})"


Pair.to_dict = _pair_to_dict
Report.to_pandas = _to_pandas
Report.__repr__ = _report_repr
Comparison.__repr__ = _comparison_repr
Dedup.__repr__ = _dedup_repr
