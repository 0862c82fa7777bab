"""Options are keyword arguments with the CLI's names and defaults, checked as the CLI checks
them."""
import re

import pytest

import textrace

TEXT_A = "The harbour wall will be rebuilt next spring, the council said on Monday. " * 3
TEXT_B = "The harbour wall is to be rebuilt next spring, the council announced on Monday. " * 3


def test_unknown_option_is_named_with_the_nearest():
    with pytest.raises(TypeError) as e:
        textrace.compare(TEXT_A, TEXT_B, min_pasage_chars=10)
    assert "'min_pasage_chars'" in str(e.value)
    assert "did you mean 'min_passage_chars'" in str(e.value)
    with pytest.raises(TypeError, match="'no_such_thing'"):
        textrace.scan([], no_such_thing=1)


def test_option_of_another_command_is_refused():
    with pytest.raises(TypeError, match=r"compare\(\) does not take option 'minhash_bands'.*scan"):
        textrace.compare(TEXT_A, TEXT_B, minhash_bands=4)
    with pytest.raises(TypeError, match="keep"):
        textrace.scan([], keep="longest")


def test_out_of_range_value_gives_the_clis_message(run, sample):
    with pytest.raises(ValueError) as e:
        textrace.compare(TEXT_A, TEXT_B, seed_min_cosine=1.5)
    assert isinstance(e.value, textrace.InvalidArgumentError)
    message = str(e.value)
    assert "seed_min_cosine" in message and "--seed-min-cosine" in message
    cli = run("compare", sample / "original_harbor.txt", sample / "spun_harbor.txt",
              "--seed-min-cosine", "1.5", check=False)
    assert cli.returncode == 2
    assert message in cli.stderr
    with pytest.raises(ValueError, match="keep"):
        textrace.dedup([], keep="biggest")
    with pytest.raises(ValueError, match="threads"):
        textrace.scan([], threads=-1)


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="synonyms takes True or False"):
        textrace.compare(TEXT_A, TEXT_B, synonyms="no")
    with pytest.raises(TypeError, match="min_passage_chars takes an int"):
        textrace.compare(TEXT_A, TEXT_B, min_passage_chars=150.5)


def test_values_of_every_type_are_taken(sample_docs):
    r = textrace.scan(sample_docs, threads=1, memory="512M", exclude=["*.md", "a,b"],
                      seed_min_cosine=1, join_lines=False, language="english",
                      min_passage_chars=None)
    assert r.options["exclude"] == ["*.md", "a,b"]
    assert r.options["seed_min_cosine"] == 1.0
    assert r.options["min_passage_chars"] == 150  # None: the default


def test_the_table_is_the_clis(run):
    """Every option the module lists is a flag of the CLI's command, with the same default."""
    table = textrace.options()
    assert len(table) == len({o["name"] for o in table})
    helps = {cmd: run(cmd, "--help").stdout for cmd in ("compare", "scan", "dedup")}
    for o in table:
        for cmd in ("compare", "scan", "dedup"):
            if cmd in o["takes"]:
                assert re.search(re.escape(o["flag"]) + r"\b", helps[cmd]), (cmd, o["name"])
    by_name = {o["name"]: o for o in table}
    assert by_name["min_passage_chars"]["default"] == 150
    assert by_name["synonyms"]["flag"] == "--no-synonyms"
    assert by_name["memory"]["default_text"] == "3G"
    assert by_name["keep"]["choices"] == "first|earliest|longest"
