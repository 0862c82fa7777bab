"""textrace.compare gives what `textrace compare` gives, whatever the form of its inputs."""
import json

import pytest

import textrace

PAIRS = [
    ("original_harbor.txt", "spun_harbor.txt"),
    ("original_harbor.txt", "partial_harbor.txt"),
    ("summary_harbor.txt", "original_harbor.txt"),
    ("unrelated_bakery.txt", "original_harbor.txt"),
]


@pytest.mark.parametrize("a,b", PAIRS)
def test_same_json_as_cli(run, sample, a, b):
    cli = run("compare", sample / a, sample / b, "--format", "json").stdout
    c = textrace.compare(sample / a, sample / b)
    assert c.to_json() == cli
    expected = json.loads(cli)
    assert c.relation == expected["relation"]
    assert len(c.passages) == len(expected["passages"])


def test_spun_copy_is_a_rewrite_with_offsets_into_the_texts(sample):
    c = textrace.compare(sample / "original_harbor.txt", sample / "spun_harbor.txt")
    assert c.relation == "rewrite"
    assert c.coverage_a > 0.5 and c.coverage_b > 0.5
    assert c.passages
    a_text, b_text = c.a.text, c.b.text
    a_bytes = a_text.encode("utf-8")
    for p in c.passages:
        # Char offsets index the Python str; byte offsets its UTF-8.
        assert p.a_text == a_text[p.a.begin_char:p.a.end_char]
        assert p.b_text == b_text[p.b.begin_char:p.b.end_char]
        assert p.a_text.encode("utf-8") == a_bytes[p.a.begin_byte:p.a.end_byte]
        assert p.kind in ("verbatim", "near_verbatim", "paraphrase", "summary")
        assert 0 <= p.score <= 1 and 0 <= p.kept <= 1
    edits = [e for p in c.passages for e in p.edits]
    swaps = [e for e in edits if e.kind == "replace" and e.synonym]
    assert swaps, "a spun copy has synonym swaps"
    assert all(e.a_text and e.b_text and e.a_text != e.b_text for e in swaps)


def _shape(c):
    return (c.relation, round(c.coverage_a, 6), round(c.coverage_b, 6),
            [(p.kind, p.a.begin_char, p.a.end_char, p.b.begin_char, p.b.end_char,
              len(p.edits)) for p in c.passages])


def test_str_bytes_and_path_agree(sample):
    a, b = sample / "original_harbor.txt", sample / "partial_harbor.txt"
    by_path = textrace.compare(a, b)
    by_str = textrace.compare(a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))
    by_bytes = textrace.compare(a.read_bytes(), b.read_bytes())
    mixed = textrace.compare(str(a.read_text(encoding="utf-8")), b)
    assert by_path.relation == "partial"
    assert _shape(by_path) == _shape(by_str) == _shape(by_bytes) == _shape(mixed)
    assert by_path.a.id == str(a)
    assert (by_str.a.id, by_str.b.id) == ("a", "b")
    named = textrace.compare(a.read_bytes(), b, a_id="original")
    assert named.a.id == "original"


def test_bytes_are_decoded_like_a_file(run, sample, tmp_path):
    """UTF-16 bytes read as the CLI reads a UTF-16 file: the same passages, offsets in the text."""
    text = (sample / "original_harbor.txt").read_text(encoding="utf-8")
    raw = text.encode("utf-16")
    f = tmp_path / "original_utf16.txt"
    f.write_bytes(raw)
    spun = sample / "spun_harbor.txt"
    from_bytes = textrace.compare(raw, spun, a_id=str(f))
    assert from_bytes.a.text_from == "utf-16le"
    assert from_bytes.a.text == text
    assert _shape(from_bytes) == _shape(textrace.compare(sample / "original_harbor.txt", spun))
    assert from_bytes.to_json() == run("compare", f, spun, "--format", "json").stdout


def test_options_mean_what_the_flags_mean(run, sample):
    a, b = sample / "original_harbor.txt", sample / "partial_harbor.txt"
    cli = run("compare", a, b, "--format", "json", "--min-passage-chars", "400", "--no-synonyms",
              "--order", "given").stdout
    c = textrace.compare(a, b, min_passage_chars=400, synonyms=False, order="given")
    assert c.to_json() == cli
    assert c.options["min_passage_chars"] == 400 and c.options["synonyms"] is False


def test_html_and_text_are_the_clis(run, sample, tmp_path):
    a, b = sample / "original_harbor.txt", sample / "spun_harbor.txt"
    html = tmp_path / "pair.html"
    text = run("compare", a, b, "--html", html, "--width", "100", "--no-color").stdout
    c = textrace.compare(a, b)
    assert c.to_html() == html.read_text(encoding="utf-8")
    assert c.to_text(width=100) == text


def test_missing_file_names_it(sample):
    with pytest.raises(FileNotFoundError, match="no_such_file.txt"):
        textrace.compare(sample / "no_such_file.txt", sample / "spun_harbor.txt")
    with pytest.raises(textrace.NotFoundError):
        textrace.compare(sample / "no_such_file.txt", sample / "spun_harbor.txt")


def test_a_document_scan_would_skip_is_an_error_naming_it():
    with pytest.raises(textrace.InvalidArgumentError, match="empty_side"):
        textrace.compare(b"", "some text here", a_id="empty_side")


def test_bad_input_type():
    with pytest.raises(TypeError, match="os.PathLike"):
        textrace.compare(42, "text")
