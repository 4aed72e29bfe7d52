"""Fixtures for the tests of `spl check` and `spl test`: a data root laid out as a clone of
splunk/attack_data, filled with copies of the bundled RMS Sysmon log; fixture detections written
on the fly; a way to run the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from detections.fixtures import MEDIA, RMS_DATA, RMS_SEARCH, SYSMON, DataLayout, result_lines
from spl.cli import main


@pytest.fixture
def attack_data(tmp_path: Path) -> DataLayout:
    """A data root holding the RMS log where the fixture detections' Sysmon tests expect it."""
    data = DataLayout(tmp_path / "attack_data")
    data.place(RMS_DATA)
    return data


@pytest.fixture
def spl(capsys):
    """Run `spl` with these arguments: its exit status and what it printed on stdout."""
    def run(*argv: str) -> tuple[int, str]:
        status = main([str(a) for a in argv])
        return status, capsys.readouterr().out
    return run


@pytest.fixture
def lines():
    """result_lines: each result line of `spl test` by the test's name."""
    return result_lines


@pytest.fixture
def detection(tmp_path: Path):
    """Write a production TTP detection in security_content's format to the test's tmp folder:
    the RMS search, `dest` as its risk object (new schema) and one test over the RMS data,
    each of which `fields` may replace (a value of None drops the key)."""
    folder = tmp_path / "detections"
    folder.mkdir(exist_ok=True)

    def write(file: str, **fields) -> Path:
        document = {"name": file.removesuffix(".yml"), "id": "0", "version": 1,
                    "status": "production", "type": "TTP", "search": RMS_SEARCH,
                    "rba": {"message": "RMS on $dest$",
                            "risk_objects": [{"field": "dest", "type": "system", "score": 25}]},
                    "tests": [{"name": "True Positive Test",
                               "attack_data": [{"data": MEDIA + RMS_DATA, **SYSMON}]}]}
        document.update(fields)
        path = folder / file
        path.write_text(yaml.safe_dump({k: v for k, v in document.items() if v is not None},
                                       sort_keys=False), encoding="utf-8")
        return path
    return write
