"""Fixtures for the Python module's tests: the CLI they are checked against, the sample
collection, and a JSON Lines copy of it with dates and an extra field.

Run by ctest (python_module), which sets PYTHONPATH to build/python and TEXTRACE_CLI; by hand:

    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python
"""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(os.environ.get("TEXTRACE_SOURCE_DIR",
                                   pathlib.Path(__file__).resolve().parents[2]))
SAMPLE = ROOT / "examples" / "sample"
SEEDS = ROOT.parent / "shared" / "seeds"

# The sample's texts with dates (the original first), so that pairs get a direction.
DATES = {
    "original_harbor": "2024-03-01",
    "spun_harbor": "2024-03-05",
    "partial_harbor": "2024-03-07",
    "summary_harbor": "2024-03-09",
    "unrelated_bakery": "2024-02-01",
    "unrelated_chess": "2024-02-02",
}


@pytest.fixture(scope="session")
def cli():
    path = pathlib.Path(os.environ.get("TEXTRACE_CLI", ROOT / "build" / "textrace"))
    if not path.exists():
        pytest.skip(f"no textrace CLI at {path} (set TEXTRACE_CLI)")
    return path


@pytest.fixture(scope="session")
def run(cli):
    """Runs the CLI with the arguments; returns the CompletedProcess (stdout as text)."""
    def run_cli(*args, check=True):
        p = subprocess.run([str(cli), *map(str, args)], capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"textrace {' '.join(map(str, args))} exited {p.returncode}:"
                                 f"\n{p.stderr}")
        return p
    return run_cli


@pytest.fixture(scope="session")
def sample():
    return SAMPLE


@pytest.fixture(scope="session")
def sample_docs():
    """The sample as document dicts, in file-name order, each with a date and an extra field."""
    docs = []
    for path in sorted(SAMPLE.glob("*.txt")):
        docs.append({"id": path.stem, "text": path.read_text(encoding="utf-8"),
                     "date": DATES[path.stem], "source": {"file": path.name}})
    return docs


@pytest.fixture(scope="session")
def sample_jsonl(tmp_path_factory, sample_docs):
    """The same documents as a JSON Lines file."""
    path = tmp_path_factory.mktemp("jsonl") / "sample.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for d in sample_docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path
