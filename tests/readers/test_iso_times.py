"""One time, one epoch: every reader (XmlWinEventLog, EVTX, JSON) reads a SystemTime alike.

The readers once parsed ISO 8601 each their own way, and the XML reader refused a `+00:00`
offset that the JSON reader took. Windows writes SystemTime in UTC with up to seven fraction
digits (`2024-03-04T10:20:07.9999999Z`, its FILETIME counting 100 ns); the evtx tools' JSON and
Splunk's export may write an offset instead of the `Z`, and fewer digits.

Splunk keeps `_time` in UNIX time ("Time modifiers", https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/time-format-variables-and-modifiers/time-modifiers)
and shows subseconds as digits ("%N: the number of subsecond digits", "Date and time format
variables", https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.3/time-format-variables-and-modifiers).
Neither page says what happens to a digit past the microsecond; here it is dropped (see
engine/timefmt.py): a time keeps its second however many nines follow, and each record below
must give the same `_time`, to the bit, whichever reader reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from readers.make_evtx import write_evtx

from engine.diagnostics import Diagnostics
from engine.readers.evtx import read_evtx
from engine.readers.jsonlines import read_jsonlines
from engine.readers.xmlwineventlog import read_xmlwineventlog

NS = "http://schemas.microsoft.com/win/2004/08/events/event"
CHANNEL = "Microsoft-Windows-Sysmon/Operational"
BASE = 1709547607  # 2024-03-04T10:20:07Z


def record(system_time: str) -> str:
    return (f'<Event xmlns="{NS}"><System><Provider Name="Microsoft-Windows-Sysmon"/>'
            f"<EventID>1</EventID><TimeCreated SystemTime=\"{system_time}\"/>"
            f"<Channel>{CHANNEL}</Channel><Computer>ws01</Computer></System>"
            '<EventData><Data Name="Image">C:\\x.exe</Data></EventData></Event>')


def xml_time(tmp_path: Path, system_time: str) -> float:
    path = tmp_path / "sysmon.log"
    path.write_text(record(system_time) + "\n", encoding="utf-8")
    return single_time(read_xmlwineventlog(path, Diagnostics()))


def evtx_time(tmp_path: Path, system_time: str) -> float:
    """`_time` from an EVTX file holding the SystemTime as text."""
    path = tmp_path / "sysmon.evtx"
    write_evtx([record(system_time).encode("utf-8")], path)
    return single_time(read_evtx(path, Diagnostics()))


def json_times(tmp_path: Path, system_time: str) -> dict[str, float]:
    """`_time` through each JSON shape that carries the time as text: Splunk's export, the evtx
    tools' JSON and a Winlogbeat document."""
    shapes = {
        "export": {"result": {"_time": system_time, "_raw": "user=alice"}},
        "evtx json": {"Event": {"#attributes": {"xmlns": NS}, "System": {
            "Provider": {"#attributes": {"Name": "Microsoft-Windows-Sysmon"}}, "EventID": 1,
            "TimeCreated": {"#attributes": {"SystemTime": system_time}}, "Channel": CHANNEL}}},
        "winlogbeat": {"@timestamp": system_time,
                       "winlog": {"event_id": "1", "channel": CHANNEL}},
    }
    times = {}
    for name, document in shapes.items():
        path = tmp_path / f"{name.replace(' ', '_')}.json"
        path.write_text(json.dumps(document) + "\n", encoding="utf-8")
        times[name] = single_time(read_jsonlines(path, Diagnostics(), None))
    return times


def single_time(events) -> float:
    (event,) = list(events)
    return event["_time"]


@pytest.mark.parametrize("system_time, expected", [
    ("2024-03-04T10:20:07.9999999Z", (BASE * 10**6 + 999999) / 10**6),  # Sysmon's 7 digits
    ("2024-03-04T10:20:07.9999999+00:00", (BASE * 10**6 + 999999) / 10**6),
    ("2024-03-04T10:20:07.123456789Z", (BASE * 10**6 + 123456) / 10**6),
    ("2024-03-04T10:20:07.123456+00:00", (BASE * 10**6 + 123456) / 10**6),
    ("2024-03-04T10:20:07.123Z", (BASE * 1000 + 123) / 1000),
    ("2024-03-04T10:20:07Z", float(BASE)),
    ("2024-03-04T11:20:07.5+01:00", BASE + 0.5),
], ids=["seven-digits-Z", "seven-digits-offset", "nine-digits", "six-digits-offset",
        "milliseconds", "whole", "plus-one-hour"])
def test_the_same_time_gives_the_same_epoch_in_every_reader(tmp_path: Path, system_time: str,
                                                            expected: float) -> None:
    readers = {"xml": xml_time(tmp_path, system_time), "evtx": evtx_time(tmp_path, system_time),
               **json_times(tmp_path, system_time)}
    assert readers == dict.fromkeys(readers, expected)


def test_seven_nines_stay_in_their_second() -> None:
    # The float nearest 10:20:07.9999999 is 10:20:08.0 exactly: keeping the seventh digit made
    # the seed detection's firstTime one second late.
    assert (BASE * 10**7 + 9999999) / 10**7 == BASE + 1
    assert int((BASE * 10**6 + 999999) / 10**6) == BASE


def test_evtx_stores_filetime_ticks_and_the_parser_drops_the_seventh_digit(tmp_path: Path) -> None:
    # Windows stores SystemTime as a FILETIME (100 ns ticks); the evtx package renders it with
    # six digits, truncated, so an EVTX file gives the `_time` its XML export does.
    times = ["2024-03-04T10:20:07.9999999Z", "2024-03-04T10:20:07.1234565Z",
             "2024-03-04T10:20:07.0000009Z"]
    path = tmp_path / "typed.evtx"
    write_evtx([record(t).encode("utf-8") for t in times], path, filetimes=True)
    events = list(read_evtx(path, Diagnostics()))
    assert [e["SystemTime"] for e in events] == ["2024-03-04T10:20:07.999999Z",
                                                 "2024-03-04T10:20:07.123456Z",
                                                 "2024-03-04T10:20:07.000000Z"]
    assert [e["_time"] for e in events] == [xml_time(tmp_path, t) for t in times]


@pytest.mark.parametrize("written, expected", [
    ("1709547607.9999999", (BASE * 10**6 + 999999) / 10**6),
    ("1.7095476079999999e9", (BASE * 10**6 + 999999) / 10**6),
    ("1709547607.5", BASE + 0.5),
    ("-1.5", -1.5),
], ids=["seven-digits", "exponent", "half", "before-1970"])
def test_an_epoch_number_in_json_is_read_from_its_digits(tmp_path: Path, written: str,
                                                         expected: float) -> None:
    # A JSON number is a float once decoded (1709547607.9999999 would be 1709547608.0); the
    # reader keeps the text it was written as and truncates it like a SystemTime. The docs say
    # nothing of epoch numbers in JSON; this is the same rule as for ISO text.
    path = tmp_path / "export.json"
    path.write_text(f'{{"result": {{"_time": {written}, "_raw": "x"}}}}\n', encoding="utf-8")
    assert single_time(read_jsonlines(path, Diagnostics(), None)) == expected


def test_an_epoch_beyond_the_calendar_is_skipped_and_reported(tmp_path: Path) -> None:
    # Bad log input is skipped and reported, never fatal (99999999999999 is past the year 9999).
    path = tmp_path / "export.json"
    path.write_text('{"result": {"_time": 99999999999999, "_raw": "x"}}\n'
                    '{"result": {"_time": "2024-03-04T10:20:07Z", "_raw": "y"}}\n',
                    encoding="utf-8")
    diagnostics = Diagnostics()
    events = list(read_jsonlines(path, diagnostics, None))
    assert [e["_time"] for e in events] == [BASE]
    assert [(p.line, p.reason) for p in diagnostics.problems] == [
        (1, "bad _time '99999999999999'")]
