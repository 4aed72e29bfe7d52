"""Property: detection YAML of any shape never breaks `spl check` or `spl test` (issue #16).

Surface: a security_content detection file whose keys the tool reads (name, search, status,
type, tags, tags.manual_test, tags.observable[].name/role, rba.risk_objects[].field,
rba.threat_objects[].field, tests[].name, tests[].attack_data[].data/source/sourcetype/
custom_index/update_timestamp) hold any YAML value, or whose text is not YAML at all. Whatever it
holds, each command ends with an exit status, that detection gets its own result, and a good
detection beside it is still checked ("ok") and tested ("PASS").
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from detections.fixtures import MEDIA, RMS_DATA, RMS_LOG, RMS_SEARCH, SYSMON
from spl.cli import main

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOOD = {"name": "good", "id": "0", "version": 1, "status": "production", "type": "TTP",
        "search": RMS_SEARCH,
        "rba": {"message": "RMS on $dest$",
                "risk_objects": [{"field": "dest", "type": "system", "score": 25}],
                "threat_objects": []},
        "tags": {"observable": [{"name": "dest", "type": "Hostname", "role": ["Victim"]}]},
        "tests": [{"name": "True Positive Test",
                   "attack_data": [{"data": MEDIA + RMS_DATA, **SYSMON}]}]}
# Where in a detection a value may be replaced: a key path (an int is a list index).
PLACES = [("name",), ("search",), ("status",), ("type",), ("tags",), ("tags", "manual_test"),
          ("tags", "observable"), ("tags", "observable", 0), ("tags", "observable", 0, "name"),
          ("tags", "observable", 0, "role"), ("rba",), ("rba", "risk_objects"),
          ("rba", "risk_objects", 0), ("rba", "risk_objects", 0, "field"),
          ("rba", "threat_objects"), ("tests",), ("tests", 0), ("tests", 0, "name"),
          ("tests", 0, "attack_data"), ("tests", 0, "attack_data", 0),
          *[("tests", 0, "attack_data", 0, key)
            for key in ("data", "source", "sourcetype", "custom_index", "update_timestamp")]]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(
                        ["production", "Correlation", "Victim", "dest", MEDIA + "../x.log",
                         MEDIA + "/etc/hostname", "| makeresults", "trues"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)
# the search is only given values of the wrong type or a few fixed searches: what a search
# of random text does is the parser's and the engine's surface, fuzzed apart from this one
search_values = st.one_of(values.filter(lambda v: not isinstance(v, str)),
                          st.sampled_from(["", "| makeresults", "| makeresults | eval dest=1",
                                           "index=main |", RMS_SEARCH]))


@st.composite
def detection_text(draw) -> str:
    """The text of a detection file: the good one with values replaced at a few places, or
    text that may not be YAML at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=200))
    document = copy.deepcopy(GOOD)
    for place in draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=3)):
        value = draw(search_values if place == ("search",) else values)
        _replace(document, place, value)
    return yaml.safe_dump(document, sort_keys=False)


def _replace(document: dict, place: tuple, value: object) -> None:
    """Set the value at `place` when every step to it is there (earlier replacements may have
    removed it, or put a value of another type on the way)."""
    parent: object = document
    for step in place[:-1]:
        parent = _child(parent, step)
    if _child(parent, place[-1], present=False) is not _ABSENT:
        parent[place[-1]] = value


_ABSENT = object()


def _child(parent: object, step: str | int, present: bool = True) -> object:
    """parent[step] when parent is a mapping (step a key) or a list (step an index in it);
    _ABSENT when it is neither. With present=False a mapping need not hold the key yet."""
    if isinstance(parent, dict) and isinstance(step, str):
        return parent.get(step, _ABSENT if present else None)
    if isinstance(parent, list) and isinstance(step, int) and step < len(parent):
        return parent[step]
    return _ABSENT


def spl(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(list(argv))
    return status, out.getvalue()


@FUZZ
@given(text=detection_text())
def test_any_detection_yaml_is_checked_alone(text):
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "good.yml").write_text(yaml.safe_dump(GOOD), encoding="utf-8")
        (folder / "bad.yml").write_text(text, encoding="utf-8")
        status, out = spl("check", "--format", "json", str(folder))
        results = {Path(r["file"]).name: r for r in json.loads(out)}
        assert results["good.yml"]["status"] == "ok"
        bad = results["bad.yml"]
        assert status == (0 if bad["status"] == "ok" else 1)
        assert bad["status"] == "ok" or bad["message"]


@FUZZ
@given(text=detection_text())
def test_any_detection_yaml_is_tested_alone(text):
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        root = folder / "attack_data"
        (root / RMS_DATA).parent.mkdir(parents=True)
        shutil.copyfile(RMS_LOG, root / RMS_DATA)
        (folder / "detections").mkdir()
        (folder / "detections" / "good.yml").write_text(yaml.safe_dump(GOOD), encoding="utf-8")
        (folder / "detections" / "bad.yml").write_text(text, encoding="utf-8")
        status, out = spl("test", "--data-root", str(root), str(folder / "detections"))
        assert status in (0, 1)
        assert "PASS  good:True Positive Test  (" in out
        assert out.count("\n") >= 3  # good's line, at least one of bad.yml's, the summary
