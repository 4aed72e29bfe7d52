"""Field pruning through the row commands: each says which fields it reads (`needs`), so the
add-on computes only those; the rows must be the same as when it computes every field."""

from __future__ import annotations

import pytest

from engine import plan
from engine.catalog import Catalog
from engine.clock import Clock
from engine.runner import prepare
from support import DATA, run_search

LOG = DATA / "endpoint_sysmon.log"

SEARCHES = [
    "EventCode=1 | table Image process_name",
    "EventCode=1 | fields Image process_name | table process_name Image",
    "EventCode=1 | fields - CommandLine | table process_name",
    "EventCode=1 | rename process_name AS name, Image AS image | table name image",
    "EventCode=1 | fillnull value=none parent_process_name | table parent_process_name",
    "EventCode=1 | convert ctime(_time) AS when | table when process_name",
    "EventCode=1 | bin span=1h _time AS hour | stats count by hour process_name",
    "EventCode=1 | dedup process_name sortby -_time | table process_name Image",
    "EventCode=1 | sort 0 process_name, -_time | table process_name Image",
    'EventCode=1 | makemv delim="\\\\" Image | mvexpand limit=2 Image | table Image process_name',
    "EventCode=1 | mvcombine ProcessId | table process_name ProcessId",
    "EventCode=1 | rename *_name AS name_* | table name_process",
    "| from datamodel:Endpoint.Processes | rename Processes.process_name AS name | dedup name "
    "| table name Processes.dest",
    "| datamodel Endpoint Processes search | fields Processes.process_name "
    "| table Processes.process_name",
]


@pytest.mark.parametrize("search", SEARCHES)
def test_pruned_fields_give_the_same_rows(search):
    pruned, _ = run_search(search, [LOG])
    whole, _ = run_search(search, [LOG], pushdown=False)
    assert pruned == whole
    assert len(pruned.splitlines()) > 1


def test_table_after_row_commands_computes_only_what_it_shows():
    prepared = prepare("EventCode=1 | rename process_name AS name | sort 0 name | table name",
                       Catalog.load(), Clock.started())
    (enrich,) = [node for node in plan.chain(prepared.plan) if isinstance(node, plan.Enrich)]
    assert enrich.fields is not None and "process_name" in enrich.fields
    assert "name" not in enrich.fields and "process" not in enrich.fields


def test_literals_stay_above_a_sort_that_cuts_rows():
    # sort reference: `sort 3` keeps the first 3 rows in order, so a later search sees only
    # those; its literals may not skip records before the sort.
    search = '| sort 3 _time | search Image="*powershell.exe" | table _time Image'
    pushed, _ = run_search(search, [LOG])
    whole, _ = run_search(search, [LOG], pushdown=False)
    assert pushed == whole
