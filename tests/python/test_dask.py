"""textrace.dask.scan on a LocalCluster of two worker processes: the CLI's report, byte for
byte, whatever the partitions, ranges or worker failures.

Run by ctest (python_dask); skipped without python3-dask and python3-distributed.
"""
import json
import os
import subprocess
import sys
import threading
import time

import pytest

dask = pytest.importorskip(
    "dask", reason="python3-dask is not installed (scripts/install-deps.sh installs it)")
distributed = pytest.importorskip(
    "distributed",
    reason="python3-distributed is not installed (scripts/install-deps.sh installs it)")
import dask.bag as db  # noqa: E402

import textrace  # noqa: E402
import textrace.dask  # noqa: E402

from conftest import ROOT  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated collection of about 5 MB (copies, spun rewrites, summaries, partial copies),
    as JSONL, and its documents."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "--mb", "5",
                    "--out", str(out), "--seed", "31"], check=True, capture_output=True)
    path = out / "corpus.jsonl"
    with open(path, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    return path, docs


@pytest.fixture(scope="module")
def generated_cli_report(run, generated, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "report.jsonl"
    run("scan", generated[0], "-o", out)
    return out.read_text(encoding="utf-8")


def test_sample_gives_the_clis_report(run, client, sample_docs, sample_jsonl, tmp_path):
    # Dates, directions, an extra field carried through: the CLI's JSONL report byte for byte.
    run("scan", sample_jsonl, "-o", tmp_path / "cli.jsonl")
    report = textrace.dask.scan(db.from_sequence(sample_docs, npartitions=3), client=client)
    assert report.to_jsonl() == (tmp_path / "cli.jsonl").read_text(encoding="utf-8")
    assert len(report.pairs) > 0 and len(report.families) > 0


@pytest.mark.parametrize("partitions,ranges", [(1, None), (2, 1), (6, 5)])
def test_partitions_and_ranges_do_not_change_the_result(client, sample_docs, partitions, ranges):
    expected = textrace.scan(sample_docs).to_jsonl()
    report = textrace.dask.scan(db.from_sequence(sample_docs, npartitions=partitions),
                                client=client, ranges=ranges)
    assert report.to_jsonl() == expected


@pytest.mark.parametrize("partitions,ranges", [(4, None), (7, 5)])
def test_generated_collection_gives_the_clis_report(client, generated, generated_cli_report,
                                                    partitions, ranges):
    stats = {}
    report = textrace.dask.scan(db.from_sequence(generated[1], npartitions=partitions),
                                client=client, ranges=ranges, stage_stats=stats)
    assert report.to_jsonl() == generated_cli_report
    # Every candidate stage took part, and the stages measured what they moved.
    assert all(report.stats["candidates_by_stage"][s] > 0
               for s in ("exact", "minhash", "anchors", "rare_words"))
    assert stats["comparisons_bytes"] > 0 and stats["postings_bytes"] > 0


def test_dataframe_with_id_and_text_columns(client, sample_docs):
    pd = pytest.importorskip("pandas", reason="python3-pandas is not installed")
    import dask.dataframe as dd
    rows = [{"id": d["id"], "text": d["text"], "date": d["date"]} for d in sample_docs]
    frame = dd.from_pandas(pd.DataFrame(rows), npartitions=2)
    report = textrace.dask.scan(frame, client=client)
    assert report.to_jsonl() == textrace.scan(rows).to_jsonl()


def test_skipped_documents_and_repeated_ids_are_numbered_as_the_scan_does(client, sample_docs):
    # A document without words and an id repeated in a later partition are skipped as the
    # Scanner skips them (same reasons, same origins), and the numbering of the others holds.
    docs = [dict(d) for d in sample_docs]
    docs.insert(1, {"id": "empty", "text": " ... "})
    docs.append({"id": docs[0]["id"], "text": "a later document that reuses an id"})
    expected = textrace.scan(docs)
    report = textrace.dask.scan(db.from_sequence(docs, npartitions=4), client=client)
    assert report.skipped == expected.skipped and len(report.skipped) == 2
    assert report.to_jsonl() == expected.to_jsonl()


def test_options_are_the_scans(client, sample_docs):
    options = {"min_passage_chars": 400, "report_texts": False}
    expected = textrace.scan(sample_docs, **options).to_jsonl()
    report = textrace.dask.scan(db.from_sequence(sample_docs, npartitions=2), client=client,
                                **options)
    assert report.to_jsonl() == expected
    with pytest.raises(TypeError, match="min_passage_chars"):
        textrace.dask.scan(db.from_sequence(sample_docs), client=client, min_pasage_chars=3)


def test_a_bad_document_names_its_partition(client, sample_docs):
    docs = [dict(d) for d in sample_docs] + [{"id": "bad", "text": 42}]
    with pytest.raises(TypeError, match=r"partition 1: documents\[\d\]: field 'text'"):
        textrace.dask.scan(db.from_sequence(docs, npartitions=2), client=client)


def test_a_worker_killed_mid_run_changes_nothing(client, generated, generated_cli_report):
    # Once the partitions are analyzed (and held by the workers), one worker process is killed:
    # its nanny starts it again, the scheduler makes what it held again, the result holds.
    stats = {}
    killed = []

    def kill_when_analyzed():
        deadline = time.time() + 120
        while "analyze_seconds" not in stats and time.time() < deadline:
            time.sleep(0.01)
        victim = sorted(client.scheduler_info()["workers"])[0]
        try:
            client.run(os._exit, 1, workers=[victim])
        except Exception:  # the worker dies before it can answer
            pass
        killed.append(time.time())

    killer = threading.Thread(target=kill_when_analyzed)
    killer.start()
    report = textrace.dask.scan(db.from_sequence(generated[1], npartitions=6), client=client,
                                stage_stats=stats)
    done = time.time()
    killer.join()
    assert killed and killed[0] < done, "the worker was killed after the scan had finished"
    assert report.to_jsonl() == generated_cli_report
