"""Splunk's command names (spl/catalog.py): each command of the Search Reference that the engine
does not run is named in a "not supported yet" error, never called unknown."""

import pytest

from engine.commands import COMMANDS
from spl.catalog import SPLUNK_COMMANDS
from spl.errors import UnknownCommandError, UnsupportedCommandError
from support import bind_search


def test_every_command_the_engine_runs_is_a_splunk_command():
    assert {spec.name for spec in COMMANDS.values()} <= SPLUNK_COMMANDS


@pytest.mark.parametrize("name", [
    # On the 10.2 Search Reference's list of command pages
    # (https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/10.2/search-commands/<name>)
    # and missing from the catalog before.
    "awssnsalert", "ctable", "datamodelsimple", "dbxquery", "entitymerge", "ingestpreview",
    "inputintelligence", "sendalert", "snowevent", "snoweventstream", "snowincident",
    "snowincidentstream",
    # Internal commands of the reference
    # (https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/internal-commands).
    "dump", "mcatalog", "redistribute", "prjob", "findkeywords", "makejson", "runshellscript",
])
def test_reference_commands_are_not_supported_yet_rather_than_unknown(name):
    with pytest.raises(UnsupportedCommandError) as raised:
        bind_search(f"| {name} x")
    assert raised.value.message == f"`{name}` is not supported yet"


def test_fromjson_runs_now_and_a_misspelling_of_it_is_unknown():
    bind_search("| fromjson x")
    with pytest.raises(UnknownCommandError) as raised:
        bind_search("| fromjsn x")
    assert raised.value.hint == "did you mean `fromjson`?"
