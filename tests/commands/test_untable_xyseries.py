"""untable and xyseries on small tables: each "the inverse of" the other.

Splunk references: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/untable
and https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/search-commands/xyseries.
Where a test follows a choice the pages leave open, it says so.
"""

from support import run_rows

TABLE = [{"_time": 1, "x": "r1", "b": 2, "a": 1}, {"_time": 2, "x": "r2", "a": 3}]


def test_untable_skips_missing_and_internal_fields():
    """No row for a field a row lacks, nor for `_time` (choices: the page is silent)."""
    rows, fields = run_rows("| untable x name value", TABLE)
    assert fields == ["x", "name", "value"]
    assert rows == [{"x": "r1", "name": "a", "value": 1}, {"x": "r1", "name": "b", "value": 2},
                    {"x": "r2", "name": "a", "value": 3}]


def test_xyseries_then_untable_and_back():
    """untable then xyseries gives the table back, columns in field-name order."""
    rows, fields = run_rows("| untable x name value | xyseries x name value", TABLE)
    assert fields == ["x", "a", "b"]
    assert rows == [{"x": "r1", "a": 1, "b": 2}, {"x": "r2", "a": 3}]


def test_xyseries_skips_rows_without_x_or_name_and_spreads_a_multivalue_name():
    rows, fields = run_rows("| xyseries x n v", [{"n": "a", "v": 1}, {"x": "r", "v": 2},
                                                 {"x": "r", "n": ("a", "b"), "v": 3}])
    assert (rows, fields) == ([{"x": "r", "a": 3, "b": 3}], ["x", "a", "b"])


def test_xyseries_grouped_false_gathers_every_row_of_an_x_value():
    rows, _ = run_rows("| xyseries x n v", [{"x": "r", "n": "a", "v": 1},
                                            {"x": "s", "n": "a", "v": 2},
                                            {"x": "r", "n": "b", "v": 3}])
    assert rows == [{"x": "r", "a": 1, "b": 3}, {"x": "s", "a": 2}]
