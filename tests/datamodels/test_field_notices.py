"""A tstats field that names no field of its data model dataset: a notice, not an error.

tstats reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/tstats
The page documents no check of BY or WHERE fields against the data model: Splunk runs such a
search, and the field is null in every row (fillnull_value "substitutes for null values for any
field within its group-by field list"). So the engine runs it too, and says why it finds
nothing, with a did-you-mean. A dataset's fields are named `<Root>.<field>`; `_time`, `host`,
`source` and `sourcetype` are inherited from BaseEvent and named without a prefix.
"""

from __future__ import annotations

import pytest

from support import DATA, run_search

ENDPOINT_LOG = DATA / "endpoint_sysmon.log"


def notices(text: str) -> tuple[str, ...]:
    _, result = run_search(text)
    return result.prepared.notices


def test_a_misspelt_by_field_gives_no_rows_and_a_notice_with_a_did_you_mean():
    good, result = run_search("| tstats count from datamodel=Endpoint.Registry by Registry.dest",
                              [ENDPOINT_LOG])
    assert good.count("\n") == 3 and result.prepared.notices == ()  # the log has registry rows
    output, result = run_search(
        "| tstats count from datamodel=Endpoint.Registry by Registry.dets", [ENDPOINT_LOG])
    assert output == "Registry.dets,count\n"
    assert result.prepared.notices == (
        "tstats: the BY field `Registry.dets` names no field of Endpoint.Registry, so it is null "
        "in every row, and tstats drops each row whose BY field is null; did you mean "
        "`Registry.dest`?",)


def test_with_fillnull_value_the_notice_does_not_say_rows_are_dropped():
    found = notices('| tstats fillnull_value="n/a" count from datamodel=Endpoint.Registry '
                    'by Registry.dets')
    assert len(found) == 1 and "drops" not in found[0] and "`Registry.dest`" in found[0]


@pytest.mark.parametrize("text, field, hint", [
    # a field written without its dataset's prefix
    ("| tstats count from datamodel=Endpoint.Processes where process_name=cmd.exe",
     "WHERE field `process_name`", "did you mean `Processes.process_name`?"),
    # the prefix misspelt
    ("| tstats values(Process.process) from datamodel=Endpoint.Processes",
     "aggregation field `Process.process`", "did you mean `Processes.process`?"),
    # a child dataset's fields are named after the root: All_Traffic.src, not Blocked_Traffic.src
    ("| tstats count from datamodel=Network_Traffic.All_Traffic "
     "where nodename=All_Traffic.Blocked_Traffic by Blocked_Traffic.src",
     "BY field `Blocked_Traffic.src`", "did you mean `All_Traffic.src`?"),
])
def test_each_clause_is_checked_and_the_prefix_is_suggested(text, field, hint):
    found = notices(text)
    assert len(found) == 1 and field in found[0] and found[0].endswith(hint)


def test_no_did_you_mean_when_nothing_is_close():
    found = notices("| tstats count from datamodel=Endpoint.Registry by zzzzzz")
    assert len(found) == 1 and "did you mean" not in found[0]


def test_inherited_fields_time_modifiers_index_and_nodename_are_fields():
    assert notices("| tstats count from datamodel=Endpoint.Processes where index=main "
                   "earliest=-7d latest=now nodename=Processes source=x sourcetype=y "
                   "Processes.user IN (a, b) by host _time Processes.dest span=1h") == ()


def test_a_notice_names_its_clause_and_is_given_once():
    found = notices("| tstats count(Registry.dets) from datamodel=Endpoint.Registry "
                    "by Registry.dets")
    assert [n.split(" names")[0] for n in found] == [
        "tstats: the BY field `Registry.dets`", "tstats: the aggregation field `Registry.dets`"]
    assert notices("| tstats count from datamodel=Endpoint.Registry by Registry.dets "
                   "| append [| tstats count from datamodel=Endpoint.Registry by Registry.dets]"
                   ) == notices("| tstats count from datamodel=Endpoint.Registry by Registry.dets")
