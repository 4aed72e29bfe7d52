"""The XML reader's bulk prefilter (engine/readers/xmlwineventlog.py): it looks for a search's
literals in blocks of the file and cuts out only the lines around hits. It must give what
splitting every line and testing every record gives: the same events, the same skipped-record
reports at the same lines, the same count of records read, wherever the blocks happen to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.diagnostics import Diagnostics
from engine.pushdown import RecordFilter
from engine.readers import xmlwineventlog
from engine.readers.xmlwineventlog import read_xmlwineventlog

ROOT = Path(__file__).resolve().parents[2]
RMS_LOG = ROOT / "examples" / "data" / "rms_sysmon.log"
OPTIONS_PATH = r"HKLM\System\Remote Manipulator System\v4\Server\Parameters\Options"
SEED = RecordFilter.of([frozenset({"\\system\\remote manipulator system"})])


def example_lines() -> tuple[list[str], str]:
    lines = RMS_LOG.read_text(encoding="utf-8").splitlines()
    (template,) = [line for line in lines if OPTIONS_PATH + "<" in line][:1]
    return lines, template


def awkward_log(tmp_path: Path, newline: str = "\n") -> Path:
    """The example log with, among its records: spellings a careless prefilter misses (a
    character reference, upper case), a record over two lines, a record cut off, stray text,
    a one-line record that is not XML (one without the literal, one with it) and a record not
    in UTF-8."""
    lines, template = example_lines()
    variant = template.replace(OPTIONS_PATH, r"HKLM\&#x53;YSTEM\Remote Manipulator System\v4\B")
    upper = template.replace(OPTIONS_PATH, r"HKLM\SYSTEM\REMOTE MANIPULATOR SYSTEM\V4\C")
    two_lines = template.replace(r"\v4\Server", "\\v4\n\\Server")
    cut_off = template[: len(template) // 2]
    broken = lines[0].replace("</System>", "</Sys>")  # malformed XML, no literal
    broken_hit = template.replace("</System>", "</Sys>")  # malformed XML, holds the literal
    text = newline.join(lines[:5] + [variant, cut_off] + lines[5:10] + [upper, "stray text"]
                        + lines[10:15] + [two_lines, broken, broken_hit] + lines[15:]) + newline
    data = text.encode("utf-8")
    not_utf8 = lines[3].replace("rutserv", "rut\udcffserv").encode("utf-8", "surrogateescape")
    path = tmp_path / "awkward.log"
    path.write_bytes(data + not_utf8 + newline.encode())
    return path


def read(path: Path, records: RecordFilter | None) -> tuple[list[dict], list, int]:
    diagnostics = Diagnostics()
    events = list(read_xmlwineventlog(path, diagnostics, records))
    return events, diagnostics.problems, diagnostics.records_read[str(path)]


def line_by_line(path: Path, records: RecordFilter | None, monkeypatch) -> tuple:
    """What the reader gives when no block is taken in bulk: every line through the splitter,
    every record tested on its own (the reader before the bulk prefilter)."""
    with monkeypatch.context() as patch:
        patch.setattr(xmlwineventlog, "_records_in", lambda block: 0)
        return read(path, records)


@pytest.mark.parametrize("block", [64, 700, 5000, 1 << 18])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("records", [SEED, None], ids=["filtered", "unfiltered"])
def test_bulk_reading_gives_what_line_by_line_reading_gives(block, newline, records, tmp_path,
                                                           monkeypatch):
    path = awkward_log(tmp_path, newline)
    expected = line_by_line(path, records, monkeypatch)
    monkeypatch.setattr(xmlwineventlog, "_BLOCK", block)
    assert read(path, records) == expected


def test_the_bulk_path_is_taken_and_finds_every_spelling(tmp_path, monkeypatch):
    # A log of whole one-line records only: every block goes the bulk way.
    lines, template = example_lines()
    spelled = [template.replace(OPTIONS_PATH, r"HKLM\&#x53;YSTEM\Remote Manipulator System\v4\B"),
               template.replace(OPTIONS_PATH, r"HKLM\SYSTEM\REMOTE MANIPULATOR SYSTEM\V4\C")]
    path = tmp_path / "clean.log"
    path.write_text("\n".join(lines + spelled) + "\n", encoding="utf-8")
    monkeypatch.setattr(xmlwineventlog, "_BLOCK", 3000)
    fed: list[int] = []
    feed = xmlwineventlog._Splitter.feed
    monkeypatch.setattr(xmlwineventlog._Splitter, "feed",
                        lambda self, lines: fed.append(len(lines)) or feed(self, lines))
    events, problems, read_count = read(path, SEED)
    assert fed == [] and problems == []
    paths = {event.get("TargetObject") for event in events}
    assert r"HKLM\SYSTEM\Remote Manipulator System\v4\B" in paths  # &#x53; is S
    assert r"HKLM\SYSTEM\REMOTE MANIPULATOR SYSTEM\V4\C" in paths
    assert read_count == len(lines) + 2  # the records it skipped are counted as read
    assert len(events) == sum("\\system\\remote manipulator system" in line.lower()
                              for line in lines) + 2


def test_broken_records_between_hits_are_reported_or_counted(tmp_path):
    """The rule for a broken record that the prefilter skips: a record cut off, and text
    outside records, are found by splitting, so they are reported at their line as without a
    filter; a record that is whole but does not parse is counted as read and not reported when
    it cannot hold the literal (telling would mean parsing it), and reported when it can."""
    path = awkward_log(tmp_path)
    events, problems, read_count = read(path, SEED)
    lines = path.read_bytes().split(b"\n")
    reasons = {(p.line, p.reason.split(" (")[0]) for p in problems}
    cut_off = next(i for i, line in enumerate(lines, 1)
                   if line.startswith(b"<Event") and b"</Event>" not in line
                   and b"\\v4" not in line[-20:])
    stray = lines.index(b"stray text") + 1
    broken_hit = next(i for i, line in enumerate(lines, 1)
                      if b"</Sys>" in line and b"Manipulator" in line)
    assert (cut_off, "truncated record") in reasons
    assert (stray, "text outside any <Event> record") in reasons
    assert any(line == broken_hit and reason.startswith("malformed XML")
               for line, reason in reasons)
    assert not any(p.reason.startswith("not valid UTF-8") for p in problems)  # no literal
    assert len(problems) == 3
    whole = sum(1 for line in lines if line.rstrip().endswith(b"</Event>"))
    assert read_count == whole - 1  # every whole record but the one reported
