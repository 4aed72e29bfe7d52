"""Worker processes (engine/parallel.py) never change a result: every golden case over events and
every pushdown search gives the same rows, in the same order, and the same skipped-record
reports at the same lines, with one process and with two. The inputs here are small, so the
size threshold is lowered and files are cut into parts of a few kilobytes: a file is then read
by several workers, from record boundaries in its middle."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

from engine import parallel
from engine.catalog import Catalog
from engine.clock import Clock
from engine.diagnostics import Diagnostics
from engine.output import render
from engine.runner import run_search
from engine.runtime import Runtime

TESTS = Path(__file__).resolve().parents[1]
GOLDEN = TESTS / "golden"
FOLDERS = {"tests": TESTS / "data", "examples": TESTS.parent / "examples" / "data"}
RMS_LOG = TESTS.parent / "examples" / "data" / "rms_sysmon.log"
OPTIONS_PATH = r"HKLM\System\Remote Manipulator System\v4\Server\Parameters\Options"


def golden_cases() -> list[tuple[str, str, list[Path]]]:
    """(id, search, event files) of each golden case that reads events."""
    cases = []
    for path in sorted(GOLDEN.glob("*/*.spl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = [line for line in lines if line.startswith("#")]
        events = [line.partition(":")[2].split() for line in header
                  if line.lstrip("# ").startswith("events:")]
        if not events:
            continue
        files = []
        for name in events[0]:
            folder, _, file = name.rpartition("/")
            files.append(FOLDERS[folder or "tests"] / file)
        search = "\n".join(line for line in lines if not line.startswith("#")).strip()
        cases.append((f"{path.parent.name}/{path.stem}", search, files))
    return cases


CASES = golden_cases()


def run(search: str, data: list[Path], workers: int) -> tuple[str, Diagnostics]:
    runtime = Runtime(data=list(data), clock=Clock.started(timezone.utc))
    result = run_search(search, catalog=Catalog.load(), runtime=runtime, workers=workers)
    return render(result.table, "csv", timezone.utc), result.diagnostics


@pytest.fixture
def small_parts(monkeypatch):
    """Two workers for any input, files cut every 2 kB; counts the runs that went parallel."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "PART_BYTES", 2048)
    went: list[int] = []
    in_workers = parallel._in_workers

    def spy(prefix, runtime, parts, shipped, workers):
        results = in_workers(prefix, runtime, parts, shipped, workers)
        went.append(len(parts) if results is not None else 0)
        return results

    monkeypatch.setattr(parallel, "_in_workers", spy)
    return went


def same_run(search: str, data: list[Path]) -> None:
    one, one_diagnostics = run(search, data, workers=1)
    two, two_diagnostics = run(search, data, workers=2)
    assert two == one
    assert two_diagnostics.problems == one_diagnostics.problems
    assert two_diagnostics.records_read == one_diagnostics.records_read


@pytest.mark.parametrize("search, data", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_golden_cases_give_the_same_rows_with_two_workers(search, data, small_parts):
    same_run(search, data)


def awkward_log(tmp_path: Path) -> Path:
    """The example log with records a careless prefilter or splitter gets wrong (an entity, a
    character reference, upper case, a record over two lines, one cut off, stray text, one
    that is not XML), repeated so that the file is cut into many parts."""
    lines = RMS_LOG.read_text(encoding="utf-8").splitlines()
    (template,) = [line for line in lines if OPTIONS_PATH + "<" in line][:1]
    extra = [template.replace(OPTIONS_PATH, r"HKLM\System\Remote Manipulator System &amp; Co\v4\A"),
             template.replace(OPTIONS_PATH, r"HKLM\&#x53;YSTEM\Remote Manipulator System\v4\B"),
             template.replace(OPTIONS_PATH, r"HKLM\SYSTEM\REMOTE MANIPULATOR SYSTEM\V4\C"),
             template.replace(r"\v4\Server", "\\v4\n\\Server"),
             template[: len(template) // 2], "stray text",
             lines[0].replace("</System>", "</Sys>"), template.replace("</System>", "</Sys>")]
    path = tmp_path / "awkward.log"
    path.write_text("\n".join((lines + extra) * 3) + "\n", encoding="utf-8")
    return path


SEARCHES = [
    '| tstats count min(_time) as firstTime from datamodel=Endpoint.Registry where '
    'Registry.registry_path="*\\\\SYSTEM\\\\Remote Manipulator System*" by Registry.registry_path',
    '| tstats dc(Registry.registry_path) as paths values(Registry.registry_path) as all '
    'from datamodel=Endpoint.Registry by Registry.dest',
    'EventCode=13 TargetObject="*Remote Manipulator System*" | table _time TargetObject Image',
    r'`sysmon` | rex field=Image "(?<exe>[^\\\\]+)$" | stats count perc50(EventCode) as median '
    'by exe | sort - count exe',
    '`sysmon` EventCode=* | sort 7 - RecordNumber | table EventCode RecordNumber',
]


@pytest.mark.parametrize("search", SEARCHES)
def test_pushdown_searches_give_the_same_rows_and_reports_with_two_workers(search, tmp_path,
                                                                           small_parts):
    log = awkward_log(tmp_path)
    same_run(search, [log])
    assert small_parts and small_parts[-1] > 2  # the file was read in parts, by workers


def test_skipped_records_are_reported_at_their_lines_in_the_whole_file(tmp_path, small_parts):
    log = awkward_log(tmp_path)
    _, diagnostics = run(SEARCHES[2], [log], workers=2)
    lines = log.read_text(encoding="utf-8").split("\n")
    cut_off = [number for number, (line, after) in enumerate(zip(lines, lines[1:]), 1)
               if line.startswith("<Event") and after == "stray text"]
    assert len(cut_off) == 3 and cut_off[-1] > 60  # the last one lies in a later part
    reported = [p.line for p in diagnostics.problems if p.reason.startswith("truncated")]
    assert reported == cut_off


def test_a_utf16_log_is_read_whole_by_one_worker(tmp_path, small_parts):
    """Its byte offsets are not those of the UTF-8 records the reader sees, so it is not cut."""
    log = awkward_log(tmp_path)
    utf16 = tmp_path / "powershell.log"
    utf16.write_bytes(log.read_text(encoding="utf-8").encode("utf-16"))  # with its BOM
    one, _ = run(SEARCHES[2], [log], workers=1)
    two, diagnostics = run(SEARCHES[2], [utf16, log], workers=2)
    assert small_parts[-1] > 2  # the UTF-8 copy was cut into parts, the UTF-16 one was not
    assert len(two.splitlines()) > len(one.splitlines()) > 1
    assert diagnostics.records_read[str(utf16)] == diagnostics.records_read[str(log)]


def test_a_search_that_stops_reading_early_stays_in_one_process(tmp_path, small_parts):
    # head stops reading after its rows: the broken records further on are never met, and
    # must not be reported, as workers reading the whole file would.
    output, diagnostics = run('`sysmon` | head 3 | table RecordNumber', [awkward_log(tmp_path)],
                              workers=2)
    assert small_parts == [] and len(output.splitlines()) == 4
    assert diagnostics.problems == []


def test_small_inputs_stay_in_one_process(monkeypatch):
    went: list = []
    monkeypatch.setattr(parallel, "_in_workers", lambda *args: went.append(args))
    output, _ = run(SEARCHES[0], [RMS_LOG], workers=2)
    assert went == [] and "Remote Manipulator" in output
