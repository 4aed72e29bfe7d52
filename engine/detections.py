"""Detections in security_content's YAML format: loading, checking, and testing them offline.

A detection file carries the search, its risk and threat objects (old schema: `tags.observable`,
whose roles Victim and Attacker mark them; new schema: `rba.risk_objects`, `rba.threat_objects`)
and `tests:` entries whose `attack_data` URLs name the logs that Splunk's content tooling,
contentctl, replays into a Splunk server before it runs the search. Here each test runs over local
copies of its logs, found under a data root by the URL's path (DataRoot), and is judged by
contentctl's unit-test rule (verdict).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator
from urllib.parse import unquote, urlsplit

import yaml

from spl.booleans import boolean
from spl.errors import SplError
from spl.macros import expand
from engine.catalog import Catalog
from engine.clock import Clock
from engine.containment import OutsideFolder, inside
from engine.coverage import missing, needs_app
from engine.diagnostics import Diagnostics
from engine.readers import read_events
from engine.runner import bind_expansion, parse_expansion, run_search
from engine.runtime import Runtime

try:  # libyaml's loader reads the 1,200 files of security_content several times faster
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

# A clone of splunk/attack_data keeps a file at the URL's path after this (media. and
# raw.githubusercontent.com URLs alike), as contentctl's test_data_caches map them.
ATTACK_DATA_MASTER = "/attack_data/master/"
AMBIGUOUS_NAMED = 10  # candidates an ambiguous name match lists before "and N more"


@dataclass(frozen=True)
class AttackData:
    """One `attack_data` entry: the file (`data:`, a URL or a path) and what contentctl gives its
    events when it replays them: source, sourcetype and index (`custom_index`). Its `host:` is
    not given to them: the engine takes host from each record (Sysmon's Computer), and looks for
    a searched host's value in the record's text (engine.pushdown)."""

    data: str
    source: str | None
    sourcetype: str | None
    index: str | None
    update_timestamp: bool

    def fields(self) -> dict[str, str]:
        """The fields this entry sets on every event of its file (those it gives)."""
        given = {"source": self.source, "sourcetype": self.sourcetype, "index": self.index}
        return {name: value for name, value in given.items() if value}


@dataclass(frozen=True)
class DetectionTest:
    """One `tests:` entry: contentctl replays its attack data alone and runs the search once."""

    name: str
    attack_data: tuple[AttackData, ...]


@dataclass(frozen=True)
class Detection:
    path: Path
    name: str
    search: str
    status: str         # production, experimental, deprecated...: contentctl tests production only
    type: str           # TTP, Anomaly, Hunting, Correlation...
    manual_test: str | None  # `tags.manual_test`: why the detection can only be tested by hand
    risk_fields: tuple[str, ...]
    threat_fields: tuple[str, ...]
    tests: tuple[DetectionTest, ...]


class DetectionFileError(Exception):
    """A detection file that is not a readable security_content detection. `kind` is
    "unreadable" (not YAML, no file) or "malformed" (a key the tool reads holds the wrong type
    of value)."""

    def __init__(self, message: str, kind: str = "unreadable") -> None:
        super().__init__(message)
        self.kind = kind


def find_detections(paths: list[Path]) -> Iterator[Path]:
    """Each detection file named, or found recursively in each folder named, in sorted order.
    A broken link is one too, so that it is reported as unreadable rather than never seen; a
    folder named like a detection is searched, not read."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.y*ml")
                              if p.is_file() or p.is_symlink() and not p.exists())
        else:
            yield path


def load_detection(path: Path) -> Detection:
    """The detection a file holds. A file without `status:` (which contentctl refuses) counts as
    production, so that a detection written by hand is tested. Every key read here is checked
    for its type before the detection is built (security_content's own files all pass): a key
    of the wrong type (`rba: [1, 2]`, `tests: abc`, `data: 5`) is a DetectionFileError naming the file
    and the key, never a value silently dropped or a traceback."""
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as error:
        raise DetectionFileError(f"cannot read {path}: {error}") from None
    if not isinstance(document, dict) or document.get("search") is None:
        raise DetectionFileError(f"{path} has no `search:`; is it a detection?")
    shape = _Shape(path)
    tags = shape.read(document, "tags", dict, "tags") or {}
    risk_fields, threat_fields = _object_fields(shape, document, tags)
    manual = shape.read(tags, "manual_test", str, "tags.manual_test")
    return Detection(path, shape.read(document, "name", str, "name") or path.stem,
                     shape.read(document, "search", str, "search"),
                     shape.read(document, "status", str, "status") or "production",
                     shape.read(document, "type", str, "type") or "", manual,
                     risk_fields, threat_fields, tuple(_tests(shape, document)))


_KINDS = {str: "text", list: "a list", dict: "a mapping"}


@dataclass(frozen=True)
class _Shape:
    """Reads the keys of one detection file, each checked for its type (None: absent)."""

    path: Path

    def read(self, mapping: dict, key: str, kind: type, where: str):
        value = mapping.get(key)
        if value is None or isinstance(value, kind):
            return value
        raise self.wrong(where, value, _KINDS[kind])

    def entries(self, mapping: dict, key: str, where: str) -> list[tuple[str, dict]]:
        """A list of mappings, each with where it is (`tests[0]`)."""
        found = []
        for number, entry in enumerate(self.read(mapping, key, list, where) or []):
            if not isinstance(entry, dict):
                raise self.wrong(f"{where}[{number}]", entry, _KINDS[dict])
            found.append((f"{where}[{number}]", entry))
        return found

    def wrong(self, where: str, value: object, expected: str) -> DetectionFileError:
        return DetectionFileError(f"{self.path}: `{where}` is {_described(value)}, not "
                                  f"{expected}", "malformed")


def _described(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"text ({value[:40]!r}{'...' if len(value) > 40 else ''})"
    for kind, name in _KINDS.items():
        if isinstance(value, kind):
            return name
    shown = repr(value)
    kind = "a number" if isinstance(value, (int, float)) else type(value).__name__
    return f"{kind} ({shown[:40] + '...' if len(shown) > 40 else shown})"


def _object_fields(shape: _Shape, document: dict,
                   tags: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Risk and threat object fields: new schema `rba.risk_objects[].field` and
    `rba.threat_objects[].field`; old schema `tags.observable[].name` whose role includes Victim
    (risk) or Attacker (threat), as contentctl read them before `rba` replaced observables."""
    rba = shape.read(document, "rba", dict, "rba")
    if rba is not None:
        return (_named(shape, rba, "risk_objects", "rba.risk_objects", "field"),
                _named(shape, rba, "threat_objects", "rba.threat_objects", "field"))
    observables = []  # (name, roles)
    for where, entry in shape.entries(tags, "observable", "tags.observable"):
        roles = shape.read(entry, "role", list, f"{where}.role") or []
        for number, role in enumerate(roles):
            if not isinstance(role, str):
                raise shape.wrong(f"{where}.role[{number}]", role, _KINDS[str])
        observables.append((shape.read(entry, "name", str, f"{where}.name"), roles))
    return tuple(tuple(name for name, roles in observables if name is not None and role in roles)
                 for role in ("Victim", "Attacker"))


def _named(shape: _Shape, mapping: dict, key: str, where: str, field: str) -> tuple[str, ...]:
    return tuple(name for place, entry in shape.entries(mapping, key, where)
                 if (name := shape.read(entry, field, str, f"{place}.{field}")) is not None)


def _tests(shape: _Shape, document: dict) -> Iterator[DetectionTest]:
    for number, (where, test) in enumerate(shape.entries(document, "tests", "tests"), 1):
        yield DetectionTest(shape.read(test, "name", str, f"{where}.name") or f"test {number}",
                            tuple(_attack_data(shape, place, entry) for place, entry in
                                  shape.entries(test, "attack_data", f"{where}.attack_data")))


def _attack_data(shape: _Shape, where: str, entry: dict) -> AttackData:
    def text(key: str) -> str | None:
        value = shape.read(entry, key, str, f"{where}.{key}")
        return None if value is None else value.strip()

    # security_content itself ships `update_timestamp: trues` (internal_vertical_port_scan.yml),
    # so a value that is no spelling of true is read as false rather than refused.
    flag = entry.get("update_timestamp")
    return AttackData(text("data") or "", text("source"), text("sourcetype"),
                      text("custom_index"), flag is True or boolean(flag) is True)


# ---- check: expand, parse and bind without running ----------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    detection: Path
    name: str
    status: str        # "ok" or an error kind
    message: str
    missing: frozenset[str] | None = None  # commands and functions lacking; None: did not parse
    # Set when it failed and needs an app or data no local tool can have (engine.coverage
    # needs_app): "needs Splunk's Machine Learning Toolkit (apply)".
    unavailable: str | None = None


def check_detection(path: Path, catalog: Catalog) -> CheckResult:
    try:
        detection = load_detection(path)
    except DetectionFileError as error:
        return CheckResult(path, path.stem, error.kind, str(error))
    needs = pipeline = None
    try:
        expansion = expand(detection.search, catalog.macros)
        pipeline = parse_expansion(expansion)
        needs = frozenset(missing(pipeline))
        bind_expansion(expansion, pipeline, catalog, Clock.started())
    except SplError as error:
        unavailable = None if pipeline is None else needs_app(pipeline)
        return CheckResult(path, detection.name, error.kind, str(error), needs, unavailable)
    return CheckResult(path, detection.name, "ok", "", needs)


# ---- test: run each `tests:` entry over local copies of its attack data -------------------------------


@dataclass(frozen=True)
class RunResult:
    """The outcome of one `tests:` entry (or of the whole detection, when it cannot be read or
    has none): `name` is contentctl's "<detection>:<test>"."""

    detection: Path
    name: str
    outcome: str       # "pass", "fail" or "skip"
    rows: int
    seconds: float
    message: str
    skipped_records: int = 0  # log records the readers could not read (reported, never fatal)


@dataclass(frozen=True)
class Located:
    """Where an attack_data file is: `path` is None when the test cannot have it, and `note`
    says why (missing, refused, ambiguous) or how it was found (by name). `refused`: the entry
    names a file outside the data root, a fault of the test itself rather than missing data."""

    path: Path | None
    note: str
    refused: bool = False


def relative_path(data: str) -> PurePosixPath:
    """Where an attack_data `data:` value lies under the data root. For an http(s) URL: its path
    (percent-escapes decoded) after `/attack_data/master/`, or, in a URL of anything else, its
    whole path after the host; any other value is a path relative to the root. Raises
    ValueError, saying why, when it names no file or would leave the root (absolute, or `..`)."""
    text = data.strip()
    url = urlsplit(text)
    if url.scheme.lower() in ("http", "https"):
        path = unquote(url.path)
        _, marker, after = path.partition(ATTACK_DATA_MASTER)
        text = after if marker else path.removeprefix("/")
    relative = PurePosixPath(text)
    if relative.is_absolute():
        raise ValueError(f"{relative} is an absolute path, outside --data-root")
    if ".." in relative.parts:
        raise ValueError(f"{relative} goes up a folder (`..`), out of --data-root")
    if not relative.parts:
        raise ValueError("it names no file")
    return relative


class DataRoot:
    """The local copies of attack_data files: the file at the URL's path under `root` (see
    relative_path). A file is never read from outside the root, symlinks followed. With
    `match_by_name`, a file missing from its path may be found by its name alone, anywhere under
    the root, when exactly one file has that name: most attack_data files are called sysmon.log or
    windows-sysmon.log, so a name match is only ever made when asked for, and never a guess."""

    def __init__(self, root: Path, match_by_name: bool = False) -> None:
        self.root = root.resolve()
        self.match_by_name = match_by_name
        self._names: dict[str, list[Path]] | None = None  # file name -> files, built when needed

    def locate(self, data: str) -> Located:
        if not data:
            return Located(None, "an attack_data entry has no `data:`")
        try:
            relative = relative_path(data)
            found = inside(self.root, relative, "--data-root")
        except ValueError as why:  # OutsideFolder included
            return Located(None, f"refused {data}: {why}", refused=True)
        expected = self.root / relative
        if found.is_file():
            return Located(found, "")
        if not self.match_by_name:
            return Located(None, f"missing {expected}")
        return self._by_name(relative.name, expected)

    def _by_name(self, name: str, expected: Path) -> Located:
        candidates = self._files_named().get(name, [])
        if not candidates:
            return Located(None, f"missing {expected}, and no file under --data-root is named "
                                 f"{name}")
        if len(candidates) > 1:
            listed = ", ".join(str(c) for c in candidates[:AMBIGUOUS_NAMED])
            more = len(candidates) - AMBIGUOUS_NAMED
            return Located(None, f"missing {expected}, and --match-by-name is ambiguous: "
                                 f"{len(candidates)} files are named {name}: {listed}"
                                 + (f" and {more} more" if more > 0 else ""))
        return Located(candidates[0], f"{expected} is missing; matched by name: {candidates[0]}")

    def _files_named(self) -> dict[str, list[Path]]:
        """Every file under the root (symlinks that leave it left out), by name, in path order."""
        if self._names is None:
            self._names = {}
            for folder, _, names in os.walk(self.root):
                for name in names:
                    try:
                        file = inside(self.root, Path(folder) / name)
                    except OutsideFolder:
                        continue
                    if file.is_file():
                        self._names.setdefault(name, []).append(file)
            for files in self._names.values():
                files.sort()
        return self._names


def run_detection_tests(path: Path, data_root: DataRoot, catalog: Catalog,
                        geoip: Path | None = None) -> list[RunResult]:
    """One result per `tests:` entry, as contentctl runs them: each test replays its own attack
    data and runs the search over all time. A detection that cannot be read fails; one with no
    tests, and every test of one contentctl would not test (see skip_reason), are skipped.
    `geoip` is the MaxMind DB iplocation reads (None: the shipped one), as in Runtime."""
    try:
        detection = load_detection(path)
    except DetectionFileError as error:
        return [RunResult(path, path.stem, "fail", 0, 0.0, str(error))]
    if not detection.tests:
        return [RunResult(path, detection.name, "skip", 0, 0.0, "no tests: entries")]
    labels = labels_of(detection)
    reason = skip_reason(detection)
    if reason:
        return [RunResult(path, label, "skip", 0, 0.0, reason) for label in labels]
    return [run_test(detection, test, label, data_root, catalog, geoip)
            for test, label in zip(detection.tests, labels)]


def labels_of(detection: Detection) -> list[str]:
    """contentctl's name of each test, "<detection>:<test>"; when two tests of a detection share
    a name (security_content's Sysmon and CrowdStrike tests are both "True Positive Test"), each
    gets its position, " #1", " #2", so that every result names one test."""
    names = [test.name for test in detection.tests]
    repeated = len(set(names)) < len(names)
    return [f"{detection.name}:{name}" + (f" #{number}" if repeated else "")
            for number, name in enumerate(names, 1)]


def skip_reason(detection: Detection) -> str:
    """Why contentctl skips every test of the detection ("" when it tests them): it tests no
    Correlation detection, no detection that is not production, and none marked manual_test."""
    if detection.type == "Correlation":
        return "Correlation detections are not tested (contentctl cannot test them)"
    if detection.status != "production":
        return f"the detection is {detection.status}; only production detections are tested"
    if detection.manual_test is not None:
        return f"the detection is marked manual_test: {detection.manual_test}"
    return ""


def run_test(detection: Detection, test: DetectionTest, label: str, data_root: DataRoot,
             catalog: Catalog, geoip: Path | None = None) -> RunResult:
    """Run the search over this test's files alone; skip, naming why, when any is not there."""
    started = time.perf_counter()
    if not test.attack_data:
        return RunResult(detection.path, label, "skip", 0, 0.0, "the test has no attack_data")
    located = [data_root.locate(data.data) for data in test.attack_data]
    refused = [place.note for place in located if place.refused]
    if refused:  # the test itself is at fault: it names a file outside the data root
        return RunResult(detection.path, label, "fail", 0, 0.0, "; ".join(refused))
    problems = [place.note for place in located if place.path is None]
    if problems:
        return RunResult(detection.path, label, "skip", 0, 0.0, "; ".join(problems))
    files = [place.path for place in located]
    overrides: dict[Path, dict[str, str]] = {}
    for data, file in zip(test.attack_data, files):
        overrides.setdefault(file, {}).update(data.fields())
    runtime = Runtime(clock=clock_for(test, files), data=files, overrides=overrides,
                      geoip=geoip)
    try:
        rows, _ = run_search(detection.search, catalog=catalog, runtime=runtime).table.materialize()
    except SplError as error:
        return RunResult(detection.path, label, "fail", 0, time.perf_counter() - started,
                         str(error), len(runtime.diagnostics.problems))
    failure = verdict(rows, detection.risk_fields, detection.threat_fields)
    message = "; ".join(m for m in [failure, *(place.note for place in located)] if m)
    return RunResult(detection.path, label, "fail" if failure else "pass", len(rows),
                     time.perf_counter() - started, message, len(runtime.diagnostics.problems))


def clock_for(test: DetectionTest, files: list[Path]) -> Clock:
    """The search's start. With `update_timestamp: true` on an entry, its events are meant to be
    recent: contentctl 3 rewrote their times so that the newest became the moment of replay.
    Moving the clock instead has the same effect on now(), `earliest=-24h` and the like: the
    search starts one second after the newest event of those files (`latest=now` excludes an
    event at exactly now). Without it, the search starts now, as contentctl's does."""
    flagged = [file for data, file in zip(test.attack_data, files) if data.update_timestamp]
    times = (event["_time"] for file in flagged for event in read_events(file, Diagnostics())
             if isinstance(event.get("_time"), (int, float)))
    newest = max(times, default=None)
    return Clock.started(now=None if newest is None else newest + 1)


def verdict(rows: list[dict], risk_fields: tuple[str, ...], threat_fields: tuple[str, ...]) -> str:
    """contentctl's unit-test rule; "" when the results pass. There must be a result. Results are
    read in order: each must have every risk object field set (present and not "null"), and the
    first one in which every threat object field is set as well passes the test, unread results
    after it included. When none has them all, the test passes if each threat object field is
    set in some result."""
    if not rows:
        return "the search returned no results"
    seen: set[str] = set()
    for number, row in enumerate(rows, 1):
        for name in risk_fields:
            if _unset(row.get(name)):
                return (f"risk object field `{name}` is missing or \"null\" in result {number} "
                        f"of {len(rows)}")
        here = {name for name in threat_fields if not _unset(row.get(name))}
        if len(here) == len(set(threat_fields)):
            return ""
        seen |= here
    unset = [name for name in threat_fields if name not in seen]
    return (f"threat object field(s) {', '.join(f'`{n}`' for n in unset)} are missing or "
            f"\"null\" in every result") if unset else ""


def _unset(value: object) -> bool:
    """Not set, to contentctl: absent from the result, or the string "null" (a field written but
    never filled). An empty string stays a value, as the engine keeps it (Splunk's documentation
    does not say whether its JSON results keep one)."""
    return value is None or value == "null"
