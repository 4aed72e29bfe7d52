"""append with subsearches over the test lookups in tests/lookups.

append reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/append
"""

from __future__ import annotations

import pytest

from engine.table import Table
from spl import ast
from spl.errors import BadArgumentError, UnknownCommandError
from spl.parser import parse
from support import TESTS, bind_commands, execute_plan, run_search

LOOKUPS = TESTS / "lookups"


def node_with(options: dict[str, str]) -> ast.Append:
    """An append node with options: written out, because the grammar does not yet take options
    before append's subsearch (`append maxout=1 [...]` is a syntax error)."""
    subsearch = parse("| inputlookup hosts")
    return ast.Append(tuple(ast.Option(k, v) for k, v in options.items()), subsearch)


def test_subsearch_rows_come_after_the_input_rows():
    # "Appends the results of a subsearch to the current results"; shared fields line up (the
    # page's example 3: the subsearch rows come last, empty where they lack a field).
    out, _ = run_search("| append [| inputlookup hosts | fields host site]",
                        rows=Table([{"site": "rome", "count": "3"}], ["site", "count"]),
                        lookups=[LOOKUPS])
    assert out == "site,count,host\nrome,3,\nparis,,web01\nberlin,,db01\n"


def test_input_rows_stream_through_unchanged():
    rows = iter([{"a": "1"}, {"a": "2"}])
    result, _ = execute_plan(bind_commands(node_with({}), lookups=[LOOKUPS]), Table(rows))
    assert not isinstance(result.rows, list)
    assert [r.get("a") or r["host"] for r in result.rows] == ["1", "2", "web01", "db01"]


def test_maxout_caps_the_subsearch_rows_with_a_notice():
    # maxout: "The maximum number of result rows to return from the subsearch" (default 50000).
    node = node_with({"maxout": "1", "maxtime": "30", "extendtimerange": "true"})
    result, runtime = execute_plan(bind_commands(node, lookups=[LOOKUPS]), Table([], []))
    rows, _ = result.materialize()
    assert rows == [{"host": "web01", "site": "paris", "role": "frontend"}]
    assert any("maxout=1" in notice for notice in runtime.diagnostics.notices)


@pytest.mark.parametrize("options, words", [
    ({"maxouts": "1"}, "did you mean `maxout`?"),
    ({"maxout": "many"}, "whole number"),
    ({"extendtimerange": "perhaps"}, "true or false"),
])
def test_bad_options_fail_at_bind_time(options, words):
    with pytest.raises(BadArgumentError) as error:
        bind_commands(node_with(options), lookups=[LOOKUPS])
    assert words in str(error.value)


def test_the_subsearch_is_bound_with_the_outer_search():
    with pytest.raises(UnknownCommandError):
        run_search("| append [| inputlookup hosts | sorty host]", rows=Table([]),
                   lookups=[LOOKUPS])
