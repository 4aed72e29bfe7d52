"""Pushdown never changes results: every search gives the same rows with and without it, on
records built to trip a careless prefilter (XML entities, character references, mixed case)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import plan
from engine.catalog import Catalog
from engine.clock import Clock
from engine.pushdown import RecordFilter
from engine.runner import prepare
from support import run_search

ROOT = Path(__file__).resolve().parents[2]
RMS_LOG = ROOT / "examples" / "data" / "rms_sysmon.log"
OPTIONS_PATH = r"HKLM\System\Remote Manipulator System\v4\Server\Parameters\Options"


def tricky_log(tmp_path: Path) -> Path:
    """The example log plus copies of one matching record whose TargetObject is spelled with an
    entity, a character reference (&#x53; is S) and in upper case."""
    lines = RMS_LOG.read_text(encoding="utf-8").splitlines()
    (template,) = [line for line in lines if OPTIONS_PATH + "<" in line][:1]
    variants = [r"HKLM\System\Remote Manipulator System &amp; Co\v4\A",
                r"HKLM\&#x53;YSTEM\Remote Manipulator System\v4\B",
                r"HKLM\SYSTEM\REMOTE MANIPULATOR SYSTEM\V4\C"]
    extra = [template.replace(OPTIONS_PATH, v) for v in variants]
    path = tmp_path / "tricky.log"
    path.write_text("\n".join(lines + extra) + "\n", encoding="utf-8")
    return path


SEARCHES = [
    '| tstats count from datamodel=Endpoint.Registry where Registry.registry_path='
    '"*\\\\SYSTEM\\\\Remote Manipulator System*" by Registry.registry_path',
    '| tstats count from datamodel=Endpoint.Registry where Registry.registry_path='
    '"*Manipulator System & Co*" by Registry.registry_path',
    '| tstats count from datamodel=Endpoint.Registry where Registry.registry_path IN '
    '("*\\\\v4\\\\B", "*\\\\v4\\\\c") OR Registry.action=created by Registry.registry_path',
    '| tstats count from datamodel=Endpoint.Registry where Registry.registry_value_data=unknown '
    'by Registry.registry_key_name',
    '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=rutserv.exe '
    'by Processes.process',
]


@pytest.mark.parametrize("search", SEARCHES)
def test_pushdown_gives_the_same_rows(search, tmp_path):
    log = tricky_log(tmp_path)
    with_pushdown, _ = run_search(search, [log])
    without, _ = run_search(search, [log], pushdown=False)
    assert with_pushdown == without
    assert len(with_pushdown.splitlines()) > 1


def test_tricky_spellings_survive_the_prefilter(tmp_path):
    # All three variants match the seed glob case-insensitively once the XML is decoded.
    output, _ = run_search(SEARCHES[0], [tricky_log(tmp_path)])
    assert r"HKLM\System\Remote Manipulator System & Co\v4\A,1" in output
    assert r"HKLM\SYSTEM\Remote Manipulator System\v4\B,1" in output
    assert r"HKLM\SYSTEM\REMOTE MANIPULATOR SYSTEM\V4\C,1" in output


def groups_for(search: str) -> list[frozenset[str]]:
    """The literal groups the rewrite rules give the search's Scan."""
    scan = list(plan.chain(prepare(search, Catalog.load(), Clock.started()).plan))[-1]
    return [frozenset(group) for group in scan.literals]


def test_glob_on_a_copied_field_pushes_its_longest_literal_down():
    groups = groups_for(SEARCHES[0])
    assert groups == [frozenset({"\\system\\remote manipulator system"})]


def test_literal_is_escaped_as_xml_text_spells_it():
    assert groups_for(SEARCHES[1]) == [frozenset({"manipulator system &amp; co"})]


def test_or_with_a_constant_only_field_pushes_nothing_down():
    # action is computed (created/modified/...), so records without the IN literals may match.
    assert groups_for(SEARCHES[2]) == []


def test_a_value_the_calculation_can_produce_is_not_pushed_down():
    # registry_value_data is "unknown" when missing, so "unknown" cannot be looked for.
    assert groups_for(SEARCHES[3]) == []


def test_computed_fields_are_not_pushed_down():
    # process_name is computed from Image by replace(); its text need not be in the record.
    assert groups_for(SEARCHES[4]) == []


def test_record_filter_reads_records_with_character_references_whatever_they_hold():
    only = RecordFilter.of([frozenset({"needle"})])
    assert only.accepts(b"<Data>a NEEDLE here</Data>")
    assert not only.accepts(b"<Data>nothing</Data>")
    assert only.accepts(b"<Data>&#x4e;EEDLE</Data>")


EVENT_SEARCHES = [
    'EventCode=13 TargetObject="*\\\\SYSTEM\\\\Remote Manipulator System*" | table TargetObject',
    '"remote manipulator" registry_path="*\\\\v4\\\\*" | table TargetObject',
    'TargetObject="*Manipulator System & Co*" OR Image="*rutserv.exe" | table TargetObject',
]


@pytest.mark.parametrize("search", EVENT_SEARCHES)
def test_event_search_pushdown_gives_the_same_rows(search, tmp_path):
    log = tricky_log(tmp_path)
    with_pushdown, _ = run_search(search, [log])
    without, _ = run_search(search, [log], pushdown=False)
    assert with_pushdown == without
    assert len(with_pushdown.splitlines()) > 1
