"""table on small tables (table reference, Splunk Search Reference)."""

from support import run_command


def run(command, rows, fields=None):
    return run_command(command, rows, fields).materialize()


def test_columns_come_in_the_order_listed():
    # "Columns are displayed in the same order that fields are specified."
    rows, fields = run("| table b, a", [{"a": "1", "b": "2", "c": "3"}])
    assert fields == ["b", "a"]
    assert rows == [{"b": "2", "a": "1"}]


def test_a_listed_field_no_row_has_is_an_empty_column():
    rows, fields = run("| table a missing", [{"a": "1"}])
    assert fields == ["a", "missing"]
    assert rows == [{"a": "1"}]


def test_wildcard_expands_in_the_order_fields_first_appear():
    rows, fields = run("| table x, a*", [{"a2": "1", "x": "x"}, {"a1": "2", "b": "3"}])
    assert fields == ["x", "a2", "a1"]
    assert rows == [{"x": "x", "a2": "1"}, {"a1": "2"}]


def test_wildcard_uses_the_known_column_order():
    _, fields = run("| table a*", [{"a1": "1", "a2": "2"}], ["a2", "a1", "b"])
    assert fields == ["a2", "a1"]


def test_leading_star_skips_internal_fields_but_underscore_star_matches_them():
    # fields reference: "To specify the wildcard pattern for internal fields, use _*."
    row = {"_time": 1, "_raw": "r", "host": "h"}
    assert run("| table *", [row])[1] == ["host"]
    assert run("| table _*", [row])[1] == ["_time", "_raw"]


def test_field_names_are_case_sensitive():
    rows, fields = run("| table User", [{"user": "alice"}])
    assert fields == ["User"]
    assert rows == [{}]


def test_multivalue_fields_pass_through_whole():
    rows, _ = run("| table m", [{"m": ("a", "b"), "n": "x"}])
    assert rows == [{"m": ("a", "b")}]


def test_a_name_listed_twice_is_one_column():
    assert run("| table a, b, a", [{"a": "1", "b": "2"}])[1] == ["a", "b"]


def test_without_wildcards_rows_are_not_read_until_asked_for():
    consumed = []

    def source():
        for i in range(3):
            consumed.append(i)
            yield {"a": i}

    result = run_command("| table a", source())
    assert consumed == [] and result.fields == ["a"]
    assert next(iter(result.rows)) == {"a": 0} and consumed == [0]
