"""Property tests of the log readers (issue 16): real records from tests/data/ and
tests/readers/data/, some damaged (cut short, bytes flipped, hostile JSON shapes, other
encodings) and interleaved with good ones. Whatever the damage, the reader never raises, every
undamaged record comes out exactly as it does read alone, and every record is either read or
reported skipped with a location: records read + skipped = records written.

XML records are one per line; JSON records are written as JSON lines, pretty-printed, and as
the elements of one array. A damaged record is kept to its own line(s) (for the array, its
damage keeps the brackets balanced), as damage in real logs ends at a record's newline. Text
outside records is reported once per run of such lines, so no two damaged XML records are
neighbours."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.diagnostics import Diagnostics
from engine.readers import read_events

ROOT = Path(__file__).resolve().parents[2]
XML_LOGS = [*(ROOT / "tests" / "data").glob("*.log"), ROOT / "tests" / "readers" / "data" /
            "sysmon.log", ROOT / "tests" / "readers" / "data" / "security_userdata.log"]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def xml_records() -> list[bytes]:
    """The one-line records of the fixture logs (a record per line, as Splunk exports them)."""
    return [line.strip() for log in XML_LOGS for line in log.read_bytes().splitlines()
            if line.lstrip().startswith(b"<Event") and line.rstrip().endswith(b"</Event>")]


XML = xml_records()
JSON = [json.loads(line)["result"] for line in
        (ROOT / "tests" / "readers" / "data" / "sysmon_export.json").read_text().splitlines()]
JSON += [{"_time": "2025-03-14T09:26:53.589793Z", "_raw": r.decode(), "host": "wks-01"}
         for r in XML[:20]]  # plain Splunk results: fields as given
# Values no event can be made of, put into a JSON record (issue 16's examples).
HOSTILE_VALUES = [
    "[" * 3000 + "]" * 3000, "7" * 4400, "NaN", "-Infinity", '"\\ud800"', '"\\udfff x"',
    "99999999999999999999999", "1e-999999999", '"0001-01-01T00:00:00+01:00"',
    '"9999-12-31T23:59:59-01:00"', "1741944413." + "9" * 5000, '{"#attributes": "str"}',
]


def read(path: Path) -> tuple[list[dict[str, object]], Diagnostics]:
    diagnostics = Diagnostics()
    return list(read_events(path, diagnostics)), diagnostics


def alone(tmp_path: Path, data: bytes, name: str) -> list[dict[str, object]]:
    path = tmp_path / name
    path.write_bytes(data)
    return read(path)[0]


@st.composite
def xml_damage(draw, record: bytes) -> bytes:
    kind = draw(st.sampled_from(["cut", "flip", "utf16", "cdata", "nul"]))
    if kind == "cut":
        return record[:draw(st.integers(1, len(record) - len(b"</Event>") - 1))]
    if kind == "flip":
        at = draw(st.integers(0, len(record) - 1))
        return record[:at] + bytes([record[at] ^ draw(st.integers(1, 255))]) + record[at + 1:]
    if kind == "utf16":
        return record.decode().encode("utf-16-le")
    if kind == "cdata":
        return record.replace(b"<EventData>", b"<EventData><![CDATA[", 1)
    return record.replace(b">", b">\x00", 1)


def json_damage(draw, record: dict) -> str:
    kind = draw(st.sampled_from(["hostile", "cut", "latin1"]))
    text = json.dumps(record)
    if kind == "hostile":
        name = draw(st.sampled_from(["_time", "_raw", "extra", "Event"]))
        value = draw(st.sampled_from(HOSTILE_VALUES))
        return text[:-1] + f', "{name}": {value}}}' if name != "_time" else (
            '{"_time": ' + value + text[text.index(","):])
    if kind == "cut":
        return text[:draw(st.integers(1, len(text) - 1))]
    return text.replace('"_time"', '"_t\xefme"')  # written as Latin-1 below


def accounted(events, diagnostics, path, written: int, good: list) -> None:
    """The property: no good record lost or changed, every record read or reported."""
    source = str(path)
    for event in good:
        assert event in events
    assert diagnostics.records_read[source] + len(diagnostics.problems) >= written
    assert diagnostics.records_read[source] <= written
    assert all(p.source == source and p.line >= 1 for p in diagnostics.problems)


@SETTINGS
@given(st.data())
def test_damaged_xml_records_never_cost_a_good_one(tmp_path_factory, data):
    tmp_path = tmp_path_factory.mktemp("xml")
    picked = data.draw(st.lists(st.sampled_from(XML), min_size=1, max_size=8))
    damaged = data.draw(st.lists(st.booleans(), min_size=len(picked), max_size=len(picked)))
    lines, good = [], []
    for index, (record, bad) in enumerate(zip(picked, damaged)):
        # Text outside records is reported once per run of lines: damage one record of two.
        if bad and not (index and damaged[index - 1]):
            lines.append(data.draw(xml_damage(record)))
        else:
            lines.append(record)
            good += alone(tmp_path, record + b"\n", f"alone{index}.log")
    path = tmp_path / "mixed.log"
    path.write_bytes(b"\n".join(lines) + b"\n")
    events, diagnostics = read(path)
    accounted(events, diagnostics, path, len(lines), good)
    assert len(events) >= len(good)


@SETTINGS
@given(st.data(), st.sampled_from(["lines", "pretty", "array"]))
def test_damaged_json_records_never_cost_a_good_one(tmp_path_factory, data, layout):
    tmp_path = tmp_path_factory.mktemp("json")
    picked = data.draw(st.lists(st.sampled_from(JSON), min_size=1, max_size=6))
    damaged = data.draw(st.lists(st.booleans(), min_size=len(picked), max_size=len(picked)))
    texts, good = [], []
    for index, (record, bad) in enumerate(zip(picked, damaged)):
        if bad and layout == "array":  # damage that keeps the brackets balanced
            value = data.draw(st.sampled_from(HOSTILE_VALUES))
            texts.append(json.dumps(record)[:-1] + f', "x": {value}}}')
        elif bad:
            texts.append(json_damage(data.draw, record))
        else:
            texts.append(json.dumps(record, indent=2 if layout == "pretty" else None))
            good += alone(tmp_path, texts[-1].encode() + b"\n", f"alone{index}.json")
    if layout == "array":
        content = ("[\n" + ",\n".join(texts) + "\n]\n").encode()
    else:
        content = b"".join(text.encode("latin-1" if "\xef" in text else "utf-8") + b"\n"
                           for text in texts)
    path = tmp_path / "mixed.json"
    path.write_bytes(content)
    events, diagnostics = read(path)
    accounted(events, diagnostics, path, len(texts), good)
    assert len(events) >= len(good)


@SETTINGS
@given(st.data(), st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_a_utf16_log_reads_as_its_utf8_copy(tmp_path_factory, data, encoding):
    tmp_path = tmp_path_factory.mktemp("utf16")
    picked = data.draw(st.lists(st.sampled_from(XML), min_size=1, max_size=6))
    text = b"\n".join(picked).decode() + "\n"
    utf8 = tmp_path / "utf8.log"
    utf8.write_text(text, encoding="utf-8")
    utf16 = tmp_path / "utf16.log"
    utf16.write_bytes(("\ufeff" + text).encode(encoding))
    expected, _ = read(utf8)
    events, diagnostics = read(utf16)
    assert (events, diagnostics.problems) == (expected, [])


EVTX = ROOT / "tests" / "readers" / "data" / "sysmon.evtx"  # four records, one chunk


@SETTINGS
@given(st.lists(st.tuples(st.integers(4096, EVTX.stat().st_size - 1), st.integers(1, 255)),
                min_size=1, max_size=4), st.booleans())
def test_a_damaged_evtx_chunk_never_loses_a_record_silently(tmp_path_factory, flips, cut):
    data = bytearray(EVTX.read_bytes())
    for at, mask in flips:
        data[at] ^= mask
    if cut:  # and the file cut inside its chunk
        data = data[:flips[0][0]]
    path = tmp_path_factory.mktemp("evtx") / "damaged.evtx"
    path.write_bytes(bytes(data))
    events, diagnostics = read(path)
    expected, _ = read(EVTX)
    assert len(events) <= len(expected)
    if len(events) < len(expected):  # a record not read is a record reported
        assert diagnostics.problems
    assert diagnostics.records_read[str(path)] == len(events)
