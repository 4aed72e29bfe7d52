"""Hostile JSON never wins (issue 16): a record the reader cannot make an event of is skipped and
reported with its line, through `spl run --data FILE` as a user meets it, and the records
around it are read; a number too long for Python's int() and NaN or Infinity are kept as
written; a 15,000-line object is decoded once, not once per closing line.

The good records are Splunk JSON results (`_time`, `_raw`, `host`), the plain shape the reader
takes fields from as given; the evtx-JSON ones carry the evtx tools' `#attributes` and
`xmlns` (see test_jsonlines.py's fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.diagnostics import Diagnostics
from engine.readers import jsonlines
from engine.readers.jsonlines import read_jsonlines
from spl.cli import main

GOOD = [{"_time": "2025-03-14T09:26:53.589793Z", "_raw": "first good record", "host": "wks-01"},
        {"_time": "2025-03-14T09:27:01.104402Z", "_raw": "second good record", "host": "wks-02"}]
SYSTEM = {"Provider": {"#attributes": {"Name": "Microsoft-Windows-Sysmon"}}, "EventID": 1,
          "TimeCreated": {"#attributes": {"SystemTime": "2025-03-14T09:26:53.589793Z"}}}
DEEP = 100_000

# (name, the bad record's JSON text, the reason it is reported with)
HOSTILE = [
    ("nested arrays", '{"_time": 1, "a": ' + "[" * DEEP + "]" * DEEP + "}",
     "JSON nested more than 100 levels deep"),
    ("nested objects", '{"_time": 1, ' + '"a": {' * DEEP + "}" * DEEP + "}",
     "JSON nested more than 100 levels deep"),
    ("101 levels", '{"_time": 1, "a": ' + "[" * 100 + "]" * 100 + "}",
     "JSON nested more than 100 levels deep"),
    ("_time past the year 9999", '{"_time": 99999999999999999999999, "_raw": "x"}',
     "bad _time '99999999999999999999999'"),
    ("_time of 5,000 digits", '{"_time": "' + "9" * 5000 + '", "_raw": "x"}',
     "bad _time '" + "9" * 60 + "...'"),
    ("_time with a huge exponent", '{"_time": 1e-999999999, "_raw": "x"}',
     "bad _time '1e-999999999'"),
    ("ISO time past 9999 in UTC", '{"_time": "9999-12-31T23:59:59-01:00", "_raw": "x"}',
     "bad _time '9999-12-31T23:59:59-01:00'"),
    ("ISO time before the year 1 in UTC", '{"_time": "0001-01-01T00:00:00+01:00", "_raw": "x"}',
     "bad _time '0001-01-01T00:00:00+01:00'"),
    ("NaN _time", '{"_time": NaN, "_raw": "x"}', "bad _time 'NaN'"),
    ("Infinity _time", '{"_time": -Infinity, "_raw": "x"}', "bad _time '-Infinity'"),
    ("lone surrogate", '{"_time": 1, "_raw": "a\\ud800b"}',
     "a lone surrogate escape (\\ud800-\\udfff) that is no character"),
    ("#attributes not an object", json.dumps({"Event": {"#attributes": "str", "System": SYSTEM}}),
     "#attributes 'str' is not an object"),
    ("numeric xmlns", json.dumps({"Event": {"#attributes": {"xmlns": 5}, "System": SYSTEM}}),
     "xmlns '5' is not text"),
    ("numeric xmlns inside", json.dumps({"Event": {"System": SYSTEM, "EventData": {
        "#attributes": {"xmlns": 5}, "Image": "C:\\x.exe"}}}), "xmlns '5' is not text"),
]


def spl_run(capsys, log: Path, search: str, output: str = "csv") -> tuple[int, str, str]:
    status = main(["run", "--data", str(log), "--format", output, search])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def lines_file(tmp_path: Path, bad: str) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text("\n".join([json.dumps(GOOD[0]), bad, json.dumps(GOOD[1])]) + "\n",
                    encoding="utf-8")
    return path


def array_file(tmp_path: Path, bad: str) -> Path:
    path = tmp_path / "hostile_array.json"
    path.write_text("[\n" + ",\n".join([json.dumps(GOOD[0]), bad, json.dumps(GOOD[1])]) + "\n]\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("name, bad, reason", HOSTILE, ids=[h[0] for h in HOSTILE])
@pytest.mark.parametrize("layout", [lines_file, array_file], ids=["lines", "array"])
def test_a_hostile_record_is_reported_and_the_others_are_read(capsys, tmp_path, layout, name,
                                                               bad, reason):
    log = layout(tmp_path, bad)
    line = 2 if layout is lines_file else 3  # the array's `[` has a line of its own
    status, out, err = spl_run(capsys, log, "| table host _raw")
    assert status == 0
    assert out.splitlines() == ["host,_raw", "wks-01,first good record",
                                "wks-02,second good record"]
    assert f"{log}:{line}: skipped record: {reason}\n" in err
    assert f"{log}: 1 record(s) skipped, 2 read" in err


@pytest.mark.parametrize("output", ["table", "csv", "json"])
def test_a_lone_surrogate_never_reaches_the_output(capsys, tmp_path, output):
    log = lines_file(tmp_path, '{"_time": 1, "_raw": "\\udc00 alone", "host": "bad"}')
    status, out, err = spl_run(capsys, log, "| table host _raw", output)
    assert status == 0
    assert "wks-02" in out and "bad" not in out
    out.encode("utf-8")  # what a UTF-8 terminal must write; a surrogate would raise here
    assert "skipped record: a lone surrogate escape" in err


def test_a_surrogate_pair_is_a_character_and_read(tmp_path):
    log = lines_file(tmp_path, '{"_time": 1, "_raw": "smile \\ud83d\\ude00", "host": "ok"}')
    diagnostics = Diagnostics()
    events = list(read_jsonlines(log, diagnostics))
    assert events[1]["_raw"] == "smile \U0001F600"
    assert diagnostics.problems == []


def test_an_escaped_backslash_before_ud800_is_text(tmp_path):
    log = lines_file(tmp_path, '{"_time": 1, "_raw": "C:\\\\ud800\\\\x", "host": "ok"}')
    diagnostics = Diagnostics()
    events = list(read_jsonlines(log, diagnostics))
    assert events[1]["_raw"] == "C:\\ud800\\x"
    assert diagnostics.problems == []


def test_numbers_past_int_digits_and_nan_are_kept_as_written(capsys, tmp_path):
    digits = "7" * 4400  # Python's int() refuses more than 4,300 digits
    log = lines_file(tmp_path, '{"_time": 1, "_raw": "big", "host": "num", "n": ' + digits
                     + ', "nan": NaN, "inf": [Infinity, -Infinity]}')
    events = list(read_jsonlines(log, Diagnostics()))
    assert (events[1]["n"], events[1]["nan"], events[1]["inf"]) == (
        digits, "NaN", ("Infinity", "-Infinity"))
    status, out, err = spl_run(capsys, log, '| where host="num" | table nan inf', "json")
    assert (status, json.loads(out)) == (0, [{"nan": "NaN", "inf": ["Infinity", "-Infinity"]}])


def test_a_long_fraction_of_a_time_is_cut_to_the_microsecond(tmp_path):
    log = lines_file(tmp_path, '{"_time": 1741944413.' + "9" * 5000 + ', "_raw": "x"}')
    events = list(read_jsonlines(log, Diagnostics()))
    assert events[1]["_time"] == 1741944413.999999


def test_a_15000_line_object_is_decoded_once(tmp_path, monkeypatch):
    big = {"_time": 1, "_raw": "big", "data": [{"k": i, "v": {"x": str(i)}} for i in range(2500)]}
    log = tmp_path / "pretty.json"
    log.write_text(json.dumps(big, indent=2) + "\n" + json.dumps(GOOD[0], indent=2) + "\n")
    assert log.read_text().count("\n") > 15_000
    decoded = []
    decoder = jsonlines.JSON_DECODER

    class Counting:
        def raw_decode(self, text, position=0):
            decoded.append(len(text))
            return decoder.raw_decode(text, position)

    monkeypatch.setattr(jsonlines, "JSON_DECODER", Counting())
    events = list(read_jsonlines(log, Diagnostics()))
    assert [len(e.get("data", ())) for e in events] == [2500, 0]
    assert len(decoded) == 2  # each object once, when its brackets balance
