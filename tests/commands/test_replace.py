"""replace (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/replace)."""

import pytest

from spl.errors import BadArgumentError
from support import bind_search, run_command


def run(text, rows):
    return run_command(text, rows).materialize()[0]


def test_the_detection_form_carries_the_address():
    # security_content's password-spray detection: `replace "::ffff:*" with * in src`
    # (lower-case WITH and IN, a bare * as the replacement).
    rows = run('| replace "::ffff:*" with * in src', [{"src": "::ffff:10.1.2.3"}, {"src": "::1"}])
    assert rows == [{"src": "10.1.2.3"}, {"src": "::1"}]


def test_a_value_must_match_whole():
    assert run("| replace aug WITH August IN m", [{"m": "august"}]) == [{"m": "august"}]


def test_several_wildcards_fill_in_order():
    rows = run('| replace "*-*" WITH "*/*" IN d', [{"d": "2024-03"}])
    assert rows == [{"d": "2024/03"}]


def test_exact_values_beat_wildcards_whatever_the_order():
    # "Non-wildcard replacement values specified later take precedence"; an exact value is the
    # fullest match there is (this project's reading of "fuller matches take precedence").
    rows = run("| replace a WITH exact, * WITH wild IN f", [{"f": "a"}, {"f": "b"}])
    assert rows == [{"f": "exact"}, {"f": "wild"}]


def test_numbers_and_multivalues_are_replaced_value_by_value():
    rows = run("| replace 0 WITH Critical IN level", [{"level": (0, 1)}])
    assert rows == [{"level": ("Critical", 1)}]


def test_internal_fields_only_with_in():
    # "To replace values on _internal fields, you must specify the field name with the IN
    # <fieldname> clause."
    rows = [{"_raw": "x", "a": "x"}]
    assert run("| replace x WITH y", rows) == [{"_raw": "x", "a": "y"}]
    assert run("| replace x WITH y IN _raw", rows) == [{"_raw": "y", "a": "x"}]


def test_wildcard_counts_must_agree():
    # "When using wildcard replacements, the result must have the same number of wildcards, or
    # none at all."
    text = '| replace "*.*" WITH "*" IN host'
    with pytest.raises(BadArgumentError) as raised:
        bind_search(text)
    assert "as many `*` as its pattern" in raised.value.message
    assert text[raised.value.span.start:raised.value.span.end] == '"*.*" WITH "*"'


def test_a_replacement_without_wildcards_is_fine():
    assert run("| replace *localhost WITH localhost IN h", [{"h": "a.localhost"}]) == \
        [{"h": "localhost"}]
