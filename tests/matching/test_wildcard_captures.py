"""What each `*` of a field-name pattern captures: one rule for rename, stats AS and foreach.

rename's page (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/rename)
carries what `*` matched into the new name ("rename EU* AS EMEA*"); stats' `<wc-field>` AS
(https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/stats) and
foreach's <<MATCHSEG1>> (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/foreach)
do the same. No page says which run a `*` takes when several would do: `a*b*` on `abbb` may split
as a|bb|b| or as a||b|bb. The rule chosen is the shortest run for each `*`, left to right, which
rename always had (its goldens have one `*` each and cannot tell); stats took the longest, so
one field got two names. Whichever rule, the commands must agree.
"""

from __future__ import annotations

import csv
import io

import pytest

from engine.matching import wildcard, wildcard_pattern
from engine.table import Table
from support import run_search


def output_fields(text: str, names: list[str]) -> list[str]:
    table = Table([{name: "1" for name in names}], list(names))
    output, _ = run_search(text, rows=table)
    return list(csv.DictReader(io.StringIO(output)).fieldnames or [])


def test_stats_as_and_rename_capture_alike() -> None:
    renamed = output_fields("| rename a*b* AS x*y*", ["abbb"])
    aggregated = output_fields("| stats values(a*b*) AS x*y*", ["abbb"])
    assert renamed == aggregated == ["xybb"]  # the first `*` took "", the second "bb"


def test_foreach_segments_capture_alike() -> None:
    fields = output_fields("| foreach a*b* [eval seg_<<MATCHSEG1>>_<<MATCHSEG2>> = 1]", ["abbb"])
    assert fields == ["abbb", "seg__bb"]


@pytest.mark.parametrize("pattern, name, captures", [
    ("a*b*", "abbb", ("", "bb")),
    ("Registry.*", "Registry.dest", ("dest",)),
    ("*.*", "a.b.c", ("a", "b.c")),
    ("tcp.*", "TCP.in", None),      # field names are case-sensitive
    ("count", "count", ()),
    ("count", "counts", None),
])
def test_what_each_star_captures(pattern: str, name: str, captures) -> None:
    assert wildcard_pattern(pattern).match(name) == captures


@pytest.mark.parametrize("pattern", ["a*", "*b", "*a*", "a*b", "a*b*", "*a*b*", "a**b", "*", "ab"])
@pytest.mark.parametrize("name", ["", "a", "b", "ab", "ba", "abbb", "aXb", "bab", "AB"])
def test_value_tests_match_what_the_pattern_matches(pattern: str, name: str) -> None:
    """Search's value test keeps its fast paths (equality, startswith, endswith, `in`); each
    must match exactly what the one compiled pattern matches, case-folded or not."""
    assert wildcard(pattern, case_sensitive=True)(name) == \
        (wildcard_pattern(pattern).match(name) is not None)
    assert wildcard(pattern)(name) == \
        (wildcard_pattern(pattern.lower()).match(name.lower()) is not None)
