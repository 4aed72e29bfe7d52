"""rare on small tables (rare reference, Splunk Search Reference)."""

import pytest

from spl.errors import BadArgumentError
from support import bind_search, run_command


def run(command, rows):
    return run_command(command, rows).materialize()


ROWS = [{"user": u} for u in ["ann", "bob", "ann", "cy", "ann", "bob"]]


def test_least_common_first():
    # "operates identically to the top command, except that the rare command finds the least
    # frequent values".
    rows, fields = run("| rare user", ROWS)
    assert fields == ["user", "count", "percent"]
    assert [(row["user"], row["count"]) for row in rows] == [("cy", 1), ("bob", 2), ("ann", 3)]
    assert rows[0]["percent"] == "16.666667"


def test_limit_keeps_the_rarest():
    rows, _ = run("| rare limit=2 user", ROWS)
    assert [row["user"] for row in rows] == ["cy", "bob"]


@pytest.mark.parametrize("command", ["| rare useother=true user", "| rare otherstr=x user"])
def test_top_only_options_are_rejected(command):
    with pytest.raises(BadArgumentError):
        bind_search(command)
