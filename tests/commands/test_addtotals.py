"""addtotals on small tables.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/addtotals
Where a test follows a choice the page leaves open, it says so.
"""

from support import run_command, run_rows


def test_row_and_column_totals_together():
    """col=true "adds a new result at the end that represents the sum of each field"; the
    row sums are a numeric field too, so the last row sums them (a choice: the page is silent)."""
    rows, fields = run_rows("| addtotals col=t labelfield=who", [{"a": 1, "b": "2"},
                                                                  {"a": 3, "who": "x"}])
    assert rows == [{"a": 1, "b": "2", "Total": 3}, {"a": 3, "who": "x", "Total": 3},
                    {"a": 4, "b": 2, "Total": 6, "who": "Total"}]


def test_only_numbers_are_summed_and_a_row_without_any_gets_zero():
    """A multivalue field is not a number (a choice); nor is text; the sum of none is 0."""
    rows, _ = run_rows("| addtotals", [{"a": ("1", "2"), "b": "x", "c": "1e1"}, {"b": "y"}])
    assert [r["Total"] for r in rows] == [10.0, 0]


def test_the_total_field_never_sums_itself():
    """Running addtotals twice gives the same total (a choice: the page is silent)."""
    rows, _ = run_rows("| addtotals | addtotals", [{"a": 1, "b": 2}])
    assert rows == [{"a": 1, "b": 2, "Total": 3}]


def test_internal_fields_are_not_summed_without_a_field_list():
    rows, _ = run_rows("| addtotals", [{"_time": 1_700_000_000, "a": 1}])
    assert rows[0]["Total"] == 1
    rows, _ = run_rows("| addtotals _time a", [{"_time": 1_700_000_000, "a": 1}])
    assert rows[0]["Total"] == 1_700_000_001


def test_no_rows_give_no_summary_row():
    assert run_rows("| addtotals col=t", []) == ([], [])


def test_known_columns_gain_the_total_and_label_fields_and_rows_stream():
    table = run_command("| addtotals col=t labelfield=name", iter([{"a": 1}]), fields=["a"])
    assert table.fields == ["a", "Total", "name"]
    assert not isinstance(table.rows, list)
    assert list(table.rows)[-1] == {"a": 1, "Total": 1, "name": "Total"}
