"""makemv on small tables (makemv reference, Splunk Search Reference)."""

import pytest

from spl.errors import BadArgumentError, UnsupportedCommandError
from support import bind_search, run_command


def run(command, value):
    (row,) = run_command(command, [{"f": value, "other": "kept"}]).rows
    assert row["other"] == "kept"
    return row.get("f")


def test_default_delimiter_is_a_single_space():
    assert run("| makemv f", "a b  c") == ("a", "b", "c")


def test_delim_can_be_several_characters():
    assert run('| makemv delim="::" f', "a::b:c::d") == ("a", "b:c", "d")


def test_empty_values_need_allowempty():
    # 'if delim="," and field="a,,b", by default does not produce any value for the empty string'
    assert run('| makemv delim="," f', "a,,b") == ("a", "b")
    assert run('| makemv delim="," allowempty=true f', "a,,b") == ("a", "", "b")


def test_tokenizer_takes_the_first_capturing_group_of_each_match():
    # The reference's example: makemv tokenizer="([^,]+),?" my_multival
    assert run('| makemv tokenizer="([^,]+),?" f', "x1,y2,z3") == ("x1", "y2", "z3")
    assert run('| makemv tokenizer="(\\d+)-(\\w)" f', "1-a 22-b") == ("1", "22")


def test_the_tokenizer_is_pcre_as_in_rex():
    # Splunk's regexes are PCRE "and use the PCRE C library"
    # (https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.1/get-started-with-knowledge-objects/about-splunk-regular-expressions):
    # a mid-pattern option (applying from where it stands), a POSIX class and a possessive
    # quantifier, which Python's re rejected or read differently.
    assert run('| makemv tokenizer="(a(?i)b)" f', "ab aB Ab AB") == ("ab", "aB")
    assert run('| makemv tokenizer="([[:alpha:]]++)[[:digit:]]?" f', "ab1CD2e") == ("ab", "CD", "e")


def test_one_value_stays_single_and_nothing_becomes_null():
    assert run('| makemv delim="," f', "alone") == "alone"
    assert run('| makemv delim="," f', ",,") is None


def test_null_numbers_and_multivalues():
    assert run("| makemv f", None) is None
    assert run('| makemv delim="0" f', 1203) == ("12", "3")
    assert run('| makemv delim="," f', ("a,b", "c")) == ("a", "b", "c")


@pytest.mark.parametrize("text, message", [
    ('| makemv delim="," tokenizer="(a)" f', "not both"),
    ('| makemv tokenizer="[a-z]+" f', "capturing group"),
    ('| makemv tokenizer="(a" f', "invalid regular expression `(a`"),
    ('| makemv delim="" f', "cannot be empty"),
    ("| makemv _raw", "internal field"),
    ("| makemv delm=\",\" f", "did you mean `delim`"),
])
def test_bad_arguments(text, message):
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert message in error.value.message + " " + (error.value.hint or "")


def test_setsv_true_is_not_supported():
    with pytest.raises(UnsupportedCommandError):
        bind_search("| makemv setsv=true f")
    assert run("| makemv setsv=false f", "a b") == ("a", "b")
