"""transaction beyond the goldens: option errors, the order rows are taken in, maxevents, mvraw.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/transaction
and transactiontypes.conf.spec (the same options), whose sentences the tests quote.
"""

from __future__ import annotations

import pytest

from spl.errors import BadArgumentError, SplError, UnsupportedCommandError
from support import bind_search, run_rows, run_search
from engine.table import Table

ROWS = [  # deliberately not in time order
    {"_time": 30, "user": "a", "_raw": "third"},
    {"_time": 10, "user": "a", "_raw": "first"},
    {"_time": 20, "user": "a", "_raw": "second"},
]


def test_rows_are_taken_newest_first_whatever_their_order():
    # "requires that the incoming events be in descending time order": the rows are put in that
    # order, so _raw (each member's text, earliest first) and duration do not depend on it.
    rows, _ = run_rows("| transaction user", ROWS)
    assert rows == [{"_time": 10, "user": "a", "_raw": "first\nsecond\nthird", "duration": 20,
                     "eventcount": 3, "closed_txn": 0}]


def test_maxevents_cuts_newest_first_and_closes():
    # maxevents: "The maximum number of events in a transaction"; reaching it closes one
    # (closed_txn "1 if one of the following conditions is met: maxevents, ...").
    rows, _ = run_rows("| transaction user maxevents=2", ROWS)
    assert [(r["_raw"], r["eventcount"], r["closed_txn"]) for r in rows] == [
        ("second\nthird", 2, 1), ("first", 1, 1)]


def test_negative_limits_are_disabled():
    # "If value is negative, disable the maxspan constraint" (maxpause and maxevents alike).
    rows, _ = run_rows("| transaction user maxspan=-1 maxpause=-1s maxevents=-1", ROWS)
    assert [r["eventcount"] for r in rows] == [3]


def test_mvraw_makes_raw_multivalue_earliest_first():
    # mvraw: "Whether the _raw field of the transaction search result should be a multivalued
    # field".
    rows, _ = run_rows("| transaction user mvraw=t", ROWS)
    assert rows[0]["_raw"] == ("first", "second", "third")


def test_fields_option_is_the_field_list():
    # fields-opt (deprecated): "'transaction foo bar' rather than 'transaction fields="foo,bar"'".
    rows, _ = run_rows('| transaction fields="user" maxspan=15s', ROWS)
    assert [r["eventcount"] for r in rows] == [2, 1]


def test_rows_without_time_are_in_no_transaction_and_noticed():
    table = Table([{"user": "a", "_raw": "no time"}, *ROWS])
    _, result = run_search("| transaction user", rows=table)
    rows, _ = result.table.materialize()
    assert [r["eventcount"] for r in rows] == [3]
    assert "transaction: 1 row(s) without a _time are in no transaction" in \
        result.diagnostics.notices


@pytest.mark.parametrize("search, error, words", [
    ("| transaction user name=purchase", UnsupportedCommandError, "transactiontypes.conf"),
    ('| transaction user delim=":"', UnsupportedCommandError, "delim"),
    ("| transaction user unifyends=false", UnsupportedCommandError, "unifyends"),
    ("| transaction user maxspan=5x", BadArgumentError, "maxspan"),
    ("| transaction user maxspan=1w", BadArgumentError, "s, m, h or d"),
    ("| transaction user maxevents=lots", BadArgumentError, "maxevents"),
    ("| transaction user maxevents=²", BadArgumentError, "maxevents"),  # a digit to isdigit()
    ("| transaction user keepevicted=maybe", BadArgumentError, "keepevicted"),
    ("| transaction user maxspan=(x=1)", BadArgumentError, "takes a value, not a search"),
    ('| transaction user startswith=(a=1) startswith="b=2"', BadArgumentError, "twice"),
    ('| transaction user startswith="a=1 | head 1"', BadArgumentError, "without `|`"),
    ('| transaction user startswith="a=("', BadArgumentError, "startswith"),
])
def test_bad_options_fail_when_bound(search, error, words):
    with pytest.raises(error) as raised:
        bind_search(search)
    assert words in raised.value.message
    assert raised.value.span is not None


def test_eval_filter_must_be_a_boolean():
    # <transam-filter-eval>: "a valid eval expression that evaluates to a boolean".
    with pytest.raises(SplError) as raised:
        bind_search("| transaction user endswith=eval(x+1)")
    assert "Boolean" in raised.value.message


def test_maxspan_in_minutes_and_hours():
    rows = [{"_time": 0, "u": "a"}, {"_time": 59 * 60, "u": "a"}, {"_time": 3600, "u": "a"}]
    found, _ = run_rows("| transaction u maxspan=1h", rows)
    assert [r["eventcount"] for r in found] == [2, 1]  # 0..3600 spans 1h, not less than it
    found, _ = run_rows("| transaction u maxspan=61m", rows)
    assert [r["eventcount"] for r in found] == [3]
