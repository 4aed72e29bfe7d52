"""Readers turn a log file into events: dicts of field name -> value, `_time` in epoch seconds.

Each reader streams its file and reports broken records to the run's diagnostics instead of
stopping. Only Splunk's XmlWinEventLog export (the Sysmon logs of splunk/attack_data) is read so
far; a reader for another format is chosen here, with the test that tells the formats apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from engine.diagnostics import Diagnostics
from engine.pushdown import RecordFilter
from engine.readers.xmlwineventlog import read_xmlwineventlog


def read_events(path: Path, diagnostics: Diagnostics,
                records: RecordFilter | None = None) -> Iterator[dict[str, object]]:
    """The events of one log file, read lazily by the reader for its format. Readers of text
    records skip, unparsed, those whose bytes `records` rejects (see engine.pushdown)."""
    return read_xmlwineventlog(path, diagnostics, records)
