"""Detections in security_content's YAML format: loading, checking, and testing them offline.

A detection file carries the search, its risk objects (old schema: `tags.observable`, new schema:
`rba.risk_objects`) and `tests:` entries whose `attack_data` URLs name the logs Splunk's content
tooling replays into a Splunk server. Here the same logs are read from a local copy.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

from spl.errors import SplError
from spl.macros import expand
from engine.catalog import Catalog
from engine.clock import Clock
from engine.coverage import missing
from engine.runner import bind_expansion, parse_expansion, run_search
from engine.runtime import Runtime
from engine.values import values_of

try:  # libyaml's loader reads the 1,200 files of security_content several times faster
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

ATTACK_DATA_ROOT = "attack_data/master/"


@dataclass(frozen=True)
class AttackData:
    url: str
    source: str | None
    sourcetype: str | None


@dataclass(frozen=True)
class Detection:
    path: Path
    name: str
    search: str
    risk_fields: tuple[str, ...]
    attack_data: tuple[AttackData, ...]


class DetectionFileError(Exception):
    """A detection file that is not a readable security_content detection."""


def find_detections(paths: list[Path]) -> Iterator[Path]:
    """Each detection file named, or found recursively in each folder named, in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.y*ml") if p.is_file())
        else:
            yield path


def load_detection(path: Path) -> Detection:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DetectionFileError(f"cannot read {path}: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("search"), str):
        raise DetectionFileError(f"{path} has no `search:`; is it a detection?")
    return Detection(path, str(document.get("name", path.stem)), document["search"],
                     _risk_fields(document), tuple(_attack_data(document)))


def _risk_fields(document: dict) -> tuple[str, ...]:
    """Risk object fields: new schema `rba.risk_objects[].field`, old `tags.observable[].name`
    for observables whose role includes Victim (the ones Splunk's tooling turns into risk)."""
    rba = document.get("rba") or {}
    if rba.get("risk_objects"):
        return tuple(str(o["field"]) for o in rba["risk_objects"] if "field" in o)
    observables = (document.get("tags") or {}).get("observable") or []
    return tuple(str(o["name"]) for o in observables
                 if "name" in o and "Victim" in (o.get("role") or []))


def _attack_data(document: dict) -> Iterator[AttackData]:
    for test in document.get("tests") or []:
        for data in test.get("attack_data") or []:
            if "data" in data:
                yield AttackData(data["data"], data.get("source"), data.get("sourcetype"))


# ---- check: expand, parse and bind without running ----------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    detection: Path
    name: str
    status: str        # "ok" or an error kind
    message: str
    missing: frozenset[str] | None = None  # commands and functions lacking; None: did not parse


def check_detection(path: Path, catalog: Catalog) -> CheckResult:
    try:
        detection = load_detection(path)
    except DetectionFileError as error:
        return CheckResult(path, path.stem, "unreadable", str(error))
    needs = None
    try:
        expansion = expand(detection.search, catalog.macros)
        pipeline = parse_expansion(expansion)
        needs = frozenset(missing(pipeline))
        bind_expansion(expansion, pipeline, catalog, Clock.started())
    except SplError as error:
        return CheckResult(path, detection.name, error.kind, str(error), needs)
    return CheckResult(path, detection.name, "ok", "", needs)


# ---- test: run over local copies of the attack data ---------------------------------------------------


@dataclass(frozen=True)
class RunResult:
    detection: Path
    name: str
    outcome: str       # "pass", "fail" or "skip"
    rows: int
    seconds: float
    message: str


def locate(url: str, data_root: Path) -> Path | None:
    """The local copy of an attack_data URL: by its path after attack_data/master/, else by name."""
    if ATTACK_DATA_ROOT in url:
        candidate = data_root / url.split(ATTACK_DATA_ROOT, 1)[1]
        if candidate.is_file():
            return candidate
    name = url.rstrip("/").rsplit("/", 1)[-1]
    return next((p for p in sorted(data_root.rglob(name)) if p.is_file()), None)


def expected_path(url: str, data_root: Path) -> Path:
    if ATTACK_DATA_ROOT in url:
        return data_root / url.split(ATTACK_DATA_ROOT, 1)[1]
    return data_root / url.rstrip("/").rsplit("/", 1)[-1]


def run_detection_test(path: Path, data_root: Path, catalog: Catalog) -> RunResult:
    """Run the detection over its attack data, as Splunk's tooling would (all time)."""
    started = time.perf_counter()
    try:
        detection = load_detection(path)
    except DetectionFileError as error:
        return RunResult(path, path.stem, "fail", 0, 0.0, str(error))
    if not detection.attack_data:
        return RunResult(path, detection.name, "skip", 0, 0.0, "no tests: entries")
    files, missing = _local_files(detection, data_root)
    if missing:
        return RunResult(path, detection.name, "skip", 0, 0.0,
                          "missing data: " + ", ".join(str(m) for m in missing))
    runtime = Runtime(data=files, overrides=_overrides(detection, files))
    try:
        rows, _ = run_search(detection.search, catalog=catalog, runtime=runtime).table.materialize()
    except SplError as error:
        return RunResult(path, detection.name, "fail", 0, time.perf_counter() - started,
                          str(error))
    message = _verdict(rows, detection.risk_fields)
    outcome = "fail" if message else "pass"
    return RunResult(path, detection.name, outcome, len(rows), time.perf_counter() - started,
                      message)


def _local_files(detection: Detection, data_root: Path) -> tuple[list[Path], list[Path]]:
    files, missing = [], []
    for data in detection.attack_data:
        found = locate(data.url, data_root)
        if found is None:
            missing.append(expected_path(data.url, data_root))
        else:
            files.append(found)
    return files, missing


def _overrides(detection: Detection, files: list[Path]) -> dict[Path, dict[str, str]]:
    """The source and sourcetype each test entry gives its file, as the tooling indexes it."""
    overrides = {}
    for data, path in zip(detection.attack_data, files):
        given = {"source": data.source, "sourcetype": data.sourcetype}
        overrides[path] = {k: v for k, v in given.items() if v}
    return overrides


def _verdict(rows: list[dict], risk_fields: tuple[str, ...]) -> str:
    """Empty when the results pass: at least one row, every risk field present and not "null"."""
    if not rows:
        return "the search returned no results"
    for name in risk_fields:
        bad = sum(1 for row in rows if not values_of(row.get(name)) or row.get(name) == "null")
        if bad:
            return f"risk object field `{name}` is missing or \"null\" in {bad} of {len(rows)} row(s)"
    return ""
