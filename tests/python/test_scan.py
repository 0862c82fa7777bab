"""textrace.scan and textrace.dedup give what `textrace scan` and `textrace dedup` give."""
import json
import random
import re
import sys
import threading
import time

import pytest

import textrace


def test_dicts_give_the_clis_report_byte_for_byte(run, sample_docs, sample_jsonl, tmp_path):
    cli_out = tmp_path / "cli.jsonl"
    run("scan", sample_jsonl, "-o", cli_out)
    r = textrace.scan(sample_docs)
    py_out = tmp_path / "py.jsonl"
    r.write_jsonl(py_out)
    assert py_out.read_bytes() == cli_out.read_bytes()
    assert r.to_jsonl() == cli_out.read_text(encoding="utf-8")


def test_paths_give_the_clis_reports(run, sample, tmp_path):
    run("scan", sample, "-o", tmp_path / "cli.jsonl", "--html", tmp_path / "cli.html",
        "--threads", "1")
    r = textrace.scan(sample, threads=1)  # one path stands for itself
    r.write_jsonl(tmp_path / "py.jsonl")
    r.write_html(tmp_path / "py.html")
    assert (tmp_path / "py.jsonl").read_bytes() == (tmp_path / "cli.jsonl").read_bytes()
    # The HTML report shows the run's timings; all else is the same.
    def untimed(path):
        return re.sub(r'"seconds":\{[^}]*\}', "", path.read_text(encoding="utf-8"))
    assert untimed(tmp_path / "py.html") == untimed(tmp_path / "cli.html")
    assert [d.id for d in r.documents] == [str(p) for p in sorted(sample.iterdir())]


def test_pairs_and_families_are_the_reports(sample_docs):
    r = textrace.scan(sample_docs)
    lines = [json.loads(line) for line in r.to_jsonl().splitlines()]
    pairs = [x for x in lines if x["type"] == "pair"]
    assert [(p.a, p.b, p.relation, p.direction, p.found_by, p.via) for p in r.pairs] == \
        [(x["a"], x["b"], x["relation"], x["direction"], x["found_by"], x.get("via"))
         for x in pairs]
    for p, x in zip(r.pairs, pairs):
        assert round(p.coverage_a, 4) == x["coverage_a"]
        assert [(q.a.begin_char, q.a.end_char, q.b.begin_byte, q.b.end_byte, q.kind, q.a_text)
                for q in p.passages] == \
            [(q["a"]["char_begin"], q["a"]["char_end"], q["b"]["byte_begin"], q["b"]["byte_end"],
              q["kind"], q["a"]["text"]) for q in x["passages"]]
    by_pair = {(p.a, p.b): p for p in r.pairs}
    spun = by_pair[("original_harbor", "spun_harbor")]
    assert spun.relation == "rewrite" and spun.direction == "a_to_b"
    assert spun.passages[0].a_text in r.text("original_harbor")
    families = [x for x in lines if x["type"] == "family"]
    assert len(r.families) == len(families) >= 1
    family = next(f for f in r.families if "original_harbor" in f.members)
    assert family.source == "original_harbor"
    assert r.stats["documents"] == 6 and r.stats["related_pairs"] == len(r.pairs)
    assert "unrelated_chess" not in {p.a for p in r.pairs} | {p.b for p in r.pairs}
    doc = r.document("spun_harbor")
    assert doc.date == "2024-03-05" and doc.fields == {"source": {"file": "spun_harbor.txt"}}
    assert doc.language == "en"  # detected (language="auto", the default)
    assert r.summary


def test_each_document_is_read_in_its_language():
    # A Spanish text written for this test, and the same with other tenses and numbers.
    es = ("Los pescadores afectados explicaron que las olas destruyeron varias embarcaciones "
          "amarradas en el muelle viejo durante la tormenta del martes, y el ayuntamiento "
          "anunci\u00f3 que reparar\u00eda los da\u00f1os antes del verano y ofrecer\u00eda "
          "ayudas a las familias que perdieron sus barcos en el puerto pesquero del norte.")
    rewrite = ("El pescador afectado explic\u00f3 que la ola destru\u00eda varias embarcaciones "
               "amarradas en el muelle viejo durante la tormenta del martes, y el ayuntamiento "
               "anuncia que reparar\u00e1 los da\u00f1os antes del verano y ofrecer\u00e1 "
               "ayuda a la familia que perdi\u00f3 su barco en el puerto pesquero del norte.")
    docs = [{"id": "es", "text": es}, {"id": "es2", "text": rewrite}]
    r = textrace.scan(docs)
    assert [d.language for d in r.documents] == ["es", "es"]
    assert [(p.a, p.b) for p in r.pairs] == [("es", "es2")]
    english = textrace.scan(docs, language="english")
    assert [d.language for d in english.documents] == ["", ""]
    c = textrace.compare(es, rewrite)
    assert json.loads(c.to_json())["a"]["language"] == "es"


def test_mixed_dicts_and_paths_keep_their_order(sample, sample_docs):
    r = textrace.scan([sample_docs[0], sample / "spun_harbor.txt", sample_docs[2]])
    assert [d.id for d in r.documents] == [sample_docs[0]["id"], str(sample / "spun_harbor.txt"),
                                           sample_docs[2]["id"]]


def test_bad_documents_are_type_errors():
    with pytest.raises(TypeError, match=r"documents\[1\]: field 'text'"):
        textrace.scan([{"id": "a", "text": "x y z"}, {"id": "b", "body": "no text"}])
    with pytest.raises(TypeError, match=r"documents\[0\]: expected a dict or a path"):
        textrace.scan([42])


def test_missing_path_is_not_found():
    with pytest.raises(FileNotFoundError, match="no/such/folder"):
        textrace.scan(["no/such/folder"])


def test_errors_name_the_file_and_line_as_the_cli_does(run, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "one two three four"}\n{"id": "b", "text": \n',
                   encoding="utf-8")
    cli = run("scan", bad, "--strict", "-o", tmp_path / "r.jsonl", check=False)
    assert cli.returncode != 0
    with pytest.raises(textrace.Error) as e:
        textrace.scan([bad], strict=True)
    assert f"{bad}:2" in str(e.value)
    assert str(e.value) in cli.stderr
    # Without strict, the line is skipped with its reason, as the CLI skips it.
    r = textrace.scan([bad])
    assert [origin for origin, reason in r.skipped] == [f"{bad}:2"]


def test_to_pandas(sample_docs):
    pandas = pytest.importorskip("pandas")
    r = textrace.scan(sample_docs)
    df = r.to_pandas()
    assert isinstance(df, pandas.DataFrame)
    assert len(df) == len(r.pairs)
    assert list(df["relation"]) == [p.relation for p in r.pairs]
    assert list(df["a"]) == [p.a for p in r.pairs]


def test_to_pandas_without_pandas_says_so(sample_docs, monkeypatch):
    r = textrace.scan(sample_docs[:2])
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(ImportError, match="needs pandas"):
        r.to_pandas()


def test_progress_is_reported(sample_docs):
    seen = []
    textrace.scan(sample_docs, progress=lambda p: seen.append(p["stage"]))
    assert seen and set(seen) <= {"reading", "candidates", "verifying", "done"}
    assert "verifying" in seen or "done" in seen


def test_an_exception_in_progress_is_raised(sample_docs):
    def fail(p):
        raise RuntimeError("stop here")
    with pytest.raises(RuntimeError, match="stop here"):
        textrace.scan(sample_docs, progress=fail)


def _collection(sample_docs, n):
    """n documents: the sample's texts with their paragraphs shuffled, so each is new."""
    rng = random.Random(7)
    docs = []
    for i in range(n):
        paragraphs = sample_docs[i % len(sample_docs)]["text"].split("\n")
        rng.shuffle(paragraphs)
        docs.append({"id": f"d{i}", "text": "\n".join(paragraphs)})
    return docs


def test_the_gil_is_released_while_scanning(sample_docs):
    """Another Python thread keeps running while a scan works: with the GIL held it would stand
    still for the whole scan."""
    docs = _collection(sample_docs, 120)
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        time.sleep(0.05)
        start = time.perf_counter()
        textrace.scan(docs, threads=1)
        end = time.perf_counter()
    finally:
        stop.set()
        t.join()
    during = [x for x in ticks if start <= x <= end]
    assert end - start > 0.2, "the scan must take long enough to tell"
    gaps = [b - a for a, b in zip([start] + during, during + [end])]
    assert max(gaps) < 0.5 * (end - start), f"longest stall {max(gaps):.3f} s of {end - start:.3f} s"
    assert len(during) > 10


def test_dedup_fast_gives_the_clis_map_and_kept_records(run, sample_docs, tmp_path):
    """The near-duplicate tier from Python: the same map and kept records as `dedup --fast`,
    from dicts and from the file, and the full scan is not run (no pairs in its report)."""
    words = sample_docs[0]["text"].split(" ")
    edited = " ".join("changed" if i % 25 == 0 else w for i, w in enumerate(words))
    docs = sample_docs + [dict(sample_docs[0], id="original_copy"),
                          dict(sample_docs[0], id="original_edited", text=edited)]
    jsonl = tmp_path / "dups.jsonl"
    jsonl.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    run("dedup", "--fast", jsonl, "-o", tmp_path / "cli_kept.jsonl", "--map",
        tmp_path / "cli_map.jsonl")
    cli_kept = [json.loads(x)["id"] for x in (tmp_path / "cli_kept.jsonl").read_text().splitlines()]

    d = textrace.dedup(docs, fast=True)
    assert d.kept == cli_kept
    assert {m["id"]: m["relation"] for m in d.map} == {
        "original_copy": "duplicate", "original_edited": "near_duplicate"}
    assert all(m["duplicate_of"] == sample_docs[0]["id"] for m in d.map)
    d.write_map(tmp_path / "py_map.jsonl")
    assert (tmp_path / "py_map.jsonl").read_bytes() == (tmp_path / "cli_map.jsonl").read_bytes()
    assert len(d.report.pairs) == 0

    from_file = textrace.dedup(jsonl, fast=True, threads=1)
    from_file.write_kept(tmp_path / "py_kept.jsonl")
    assert (tmp_path / "py_kept.jsonl").read_bytes() == (tmp_path / "cli_kept.jsonl").read_bytes()
    # A threshold above the edited copy's similarity keeps it.
    strict = textrace.dedup(docs, fast=True, fast_threshold=0.99)
    assert [m["id"] for m in strict.map] == ["original_copy"]


def test_dedup_map_is_the_clis(run, sample_docs, tmp_path):
    docs = sample_docs + [dict(sample_docs[0], id="original_copy", date="2024-04-01"),
                          dict(sample_docs[4], id="bakery_copy")]
    jsonl = tmp_path / "dups.jsonl"
    jsonl.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    run("dedup", jsonl, "-o", tmp_path / "cli_kept.jsonl", "--map", tmp_path / "cli_map.jsonl",
        "--keep", "earliest")
    cli_map = [json.loads(x) for x in (tmp_path / "cli_map.jsonl").read_text().splitlines()]
    cli_kept = [json.loads(x)["id"] for x in (tmp_path / "cli_kept.jsonl").read_text().splitlines()]

    d = textrace.dedup(docs, keep="earliest")
    assert d.kept == cli_kept
    assert [(m["id"], m["duplicate_of"], m["closest"], m["relation"]) for m in d.map] == \
        [(m["id"], m["duplicate_of"], m["closest"], m["relation"]) for m in cli_map]
    assert [round(m["similarity"], 4) for m in d.map] == [m["similarity"] for m in cli_map]
    assert {m["id"] for m in d.map} == {"original_copy", "bakery_copy"}
    d.write_map(tmp_path / "py_map.jsonl")
    assert (tmp_path / "py_map.jsonl").read_bytes() == (tmp_path / "cli_map.jsonl").read_bytes()

    from_file = textrace.dedup(jsonl, keep="earliest")
    from_file.write_kept(tmp_path / "py_kept.jsonl")
    assert (tmp_path / "py_kept.jsonl").read_bytes() == (tmp_path / "cli_kept.jsonl").read_bytes()
