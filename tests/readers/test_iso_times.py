"""One time, one epoch: the XmlWinEventLog reader and the JSON reader read a SystemTime alike.

The two readers once parsed ISO 8601 each their own way, and the XML reader refused a `+00:00`
offset that the JSON reader took. Sysmon writes SystemTime in UTC with seven fraction digits
(`2024-03-04T10:20:07.9999999Z`); the evtx tools' JSON and Splunk's export may write an offset
instead of the `Z`, and fewer digits. Splunk's docs say nothing of how a reader should round a
fraction longer than microseconds; every digit is kept here (the float nearest the exact time),
as both readers did before, so each record below must give the same `_time` whichever reader
reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.diagnostics import Diagnostics
from engine.readers.jsonlines import read_jsonlines
from engine.readers.xmlwineventlog import read_xmlwineventlog

NS = "http://schemas.microsoft.com/win/2004/08/events/event"
CHANNEL = "Microsoft-Windows-Sysmon/Operational"
BASE = 1709547607  # 2024-03-04T10:20:07Z


def xml_time(tmp_path: Path, system_time: str) -> float:
    record = (f'<Event xmlns="{NS}"><System><Provider Name="Microsoft-Windows-Sysmon"/>'
              f"<EventID>1</EventID><TimeCreated SystemTime=\"{system_time}\"/>"
              f"<Channel>{CHANNEL}</Channel><Computer>ws01</Computer></System>"
              '<EventData><Data Name="Image">C:\\x.exe</Data></EventData></Event>\n')
    path = tmp_path / "sysmon.log"
    path.write_text(record, encoding="utf-8")
    return single_time(read_xmlwineventlog(path, Diagnostics()))


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
    ("2024-03-04T10:20:07.9999999Z", (BASE * 10**7 + 9999999) / 10**7),  # Sysmon's 7 digits
    ("2024-03-04T10:20:07.9999999+00:00", (BASE * 10**7 + 9999999) / 10**7),
    ("2024-03-04T10:20:07.123456+00:00", (BASE * 10**6 + 123456) / 10**6),
    ("2024-03-04T10:20:07.123Z", (BASE * 1000 + 123) / 1000),
    ("2024-03-04T10:20:07Z", float(BASE)),
    ("2024-03-04T11:20:07.5+01:00", BASE + 0.5),
], ids=["seven-digits-Z", "seven-digits-offset", "six-digits-offset", "milliseconds", "whole",
        "plus-one-hour"])
def test_the_same_time_gives_the_same_epoch_in_every_reader(tmp_path: Path, system_time: str,
                                                            expected: float) -> None:
    readers = {"xml": xml_time(tmp_path, system_time), **json_times(tmp_path, system_time)}
    assert readers == dict.fromkeys(readers, expected)
