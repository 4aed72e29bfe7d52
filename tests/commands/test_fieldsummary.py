"""fieldsummary on small tables.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.1/search-commands/fieldsummary
Where a test follows a choice the page leaves open, it says so.
"""

import json

from support import run_rows

ROWS = [{"a1": "x", "a2": ("1", "2"), "b": "3"}, {"a1": "x", "a2": "2"}, {"_raw": "text"}]


def test_wildcards_choose_the_fields_in_name_order():
    rows, fields = run_rows("| fieldsummary a*", ROWS)
    assert fields[:4] == ["field", "count", "distinct_count", "is_exact"]
    assert [r["field"] for r in rows] == ["a1", "a2"]


def test_a_multivalue_field_counts_its_event_once_and_each_value():
    """count is "The number of events/results with that field"; values count values."""
    (row,), _ = run_rows("| fieldsummary a2", ROWS)
    assert (row["count"], row["distinct_count"], row["numeric_count"]) == (2, 2, 3)
    assert json.loads(row["values"]) == [{"value": "2", "count": 2},
                                         {"value": "1", "count": 1}]
    assert (row["min"], row["max"], row["mean"]) == (1, 2, 5 / 3)


def test_maxvals_zero_lists_every_value_and_is_exact():
    """"Set maxvals = 0 to return all available distinct values"."""
    rows = [{"v": str(i)} for i in range(150)]
    (all_values,), _ = run_rows("| fieldsummary maxvals=0", rows)
    assert len(json.loads(all_values["values"])) == 150 and all_values["is_exact"] == 1
    (default,), _ = run_rows("| fieldsummary", rows)
    assert len(json.loads(default["values"])) == 100 and default["is_exact"] == 0


def test_internal_fields_are_left_out_unless_named():
    """A choice where the page is silent: `*` skips `_` fields, as `fields` does."""
    assert [r["field"] for r in run_rows("| fieldsummary", ROWS)[0]] == ["a1", "a2", "b"]
    assert [r["field"] for r in run_rows("| fieldsummary _raw", ROWS)[0]] == ["_raw"]
