"""The event store: logs read once into Parquet files, then searched many times.

Reading and parsing XML is most of what a search over raw logs costs, and a detection engineer
searches the same months of logs again and again. `spl ingest` (engine/ingest.py) reads them
once, with the same readers and the same reports of broken records as `spl run`, and keeps the
events as Parquet in a folder:

    STORE/manifest.json                          what was ingested: one entry per log file
    STORE/events/sourcetype=<st>/day=<YYYY-MM-DD>/f<file>-<part>.parquet

Partitions by source type and day keep each file small and let a search read only the days and
source types it needs. Each Parquet file holds one row per event: a column per field, with the
event's own field order in `_fields` (so that a row read back is the very dict the reader gave,
key order included), `_file` and `_seq` (the log file's number in the manifest and the record's
place in it: a store gives its events in the order a run over the same files would), `_format`
(the reader that read it) and `_extra` (JSON, for the rare value that is not text).

A log file is known by its content (SHA-256): ingesting it again adds nothing, a new file is
added. A file's Parquet files are written before its manifest entry, and only files the
manifest names are read, so an ingest that stops half-way leaves the store as it was.

This module knows the layout and the manifest, and imports neither pyarrow nor DuckDB, so that
binding a search over a store costs nothing at start-up; engine/storescan.py reads the store.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

MANIFEST = "manifest.json"
EVENTS = "events"
VERSION = 1
# Columns the store adds to every event's own fields.
FIELDS, FILE, SEQ, FORMAT, EXTRA = "_fields", "_file", "_seq", "_format", "_extra"
STORE_COLUMNS = (FIELDS, FILE, SEQ, FORMAT, EXTRA)
_PART_NAME = re.compile(r"f(\d+)-\d+\.parquet")
_DAY = 86_400


ENGINES = ("duckdb", "spark")  # what can run a search's SQL over a store (--engine)


@dataclass(frozen=True)
class StoreSource:
    """Where a search's events are when they are in a store: its folder, the engine that runs
    SQL over it, and for Spark the cluster's master URL (None: local mode)."""

    root: Path
    engine: str = "duckdb"
    master: str | None = None


class StoreError(Exception):
    """A store folder that cannot be used: not a store, a newer version, a broken manifest."""


@dataclass(frozen=True)
class Ingested:
    """One log file in the store."""

    number: int  # its place among the store's files: the order searches read them in
    path: str  # as the user named it when it was ingested
    sha256: str
    size: int
    records: int
    skipped: int


class Store:
    def __init__(self, root: Path, files: list[Ingested]):
        self.root = root
        self.files = files

    @classmethod
    def open(cls, root: Path) -> Store:
        """The store in `root`; StoreError when it is not one."""
        manifest = root / MANIFEST
        if not manifest.is_file():
            raise StoreError(f"{root}: not an event store (no {MANIFEST}; make one with "
                             "`spl ingest --store`)")
        try:
            content = json.loads(manifest.read_text(encoding="utf-8"))
            version = content.get("version")
            if version != VERSION:
                raise StoreError(f"{manifest}: store version {version!r}, this program reads "
                                 f"version {VERSION}")
            files = [Ingested(**entry) for entry in content["files"]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
            raise StoreError(f"{manifest}: unreadable manifest ({error})") from None
        return cls(root, files)

    @classmethod
    def create(cls, root: Path) -> Store:
        """The store in `root`, made empty when the folder holds none."""
        if (root / MANIFEST).exists():
            return cls.open(root)
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root}: not a folder")
        if root.is_dir() and any(root.iterdir()):
            raise StoreError(f"{root}: a folder that holds files but no store; name a new or "
                             "empty folder")
        root.mkdir(parents=True, exist_ok=True)
        store = cls(root, [])
        store.add([])
        return store

    def add(self, entries: list[Ingested]) -> None:
        """Name `entries` in the manifest (written whole, then renamed over the old one)."""
        self.files.extend(entries)
        content = {"version": VERSION, "files": [asdict(entry) for entry in self.files]}
        temporary = self.root / (MANIFEST + ".new")
        temporary.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, self.root / MANIFEST)

    def part_path(self, sourcetype: str, day: str, file_number: int, part: int) -> Path:
        return (self.root / EVENTS / f"sourcetype={quote(sourcetype, safe='')}" /
                f"day={day}" / f"f{file_number:06d}-{part:04d}.parquet")

    def parts(self, time_range: tuple[float | None, float | None] = (None, None)) -> list[Path]:
        """The Parquet files of the files the manifest names (a stopped ingest's are not), of
        the days that can hold a `_time` in `time_range` (both ends inclusive; None: open)."""
        numbers = {entry.number for entry in self.files}
        return sorted(path for path in (self.root / EVENTS).rglob("*.parquet")
                      if (found := _PART_NAME.fullmatch(path.name))
                      and int(found[1]) in numbers and _may_hold(path.parent.name, time_range))


def _may_hold(folder: str, time_range: tuple[float | None, float | None]) -> bool:
    """Whether a `day=YYYY-MM-DD` folder (a UTC day; `day=none` holds events without a usable
    time) can hold a `_time` in the range."""
    first, last = time_range
    try:
        start = datetime.strptime(folder.removeprefix("day="), "%Y-%m-%d").replace(
            tzinfo=timezone.utc).timestamp()
    except ValueError:
        return True
    return (last is None or start <= last) and (first is None or start + _DAY > first)
