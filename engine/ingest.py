"""`spl ingest`: log files into the event store (engine/store.py), one worker process per file.

Each worker reads its file with the run's own readers (engine/readers) and writes the events
as Parquet with pyarrow, into a file per source type and day each time it holds PART_ROWS events
in all, so that a worker's memory stays bounded whatever the log's size and however many days
it spans. Broken records come back to the
parent's diagnostics, exactly as `spl run` reports them.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from engine.diagnostics import Diagnostics, Problem
from engine.readers import detect_format, read_events
from engine.store import EXTRA, FIELDS, FILE, FORMAT, SEQ, STORE_COLUMNS, Ingested, Store
from engine.table import Row

PART_ROWS = 20_000  # events a worker holds before it writes them: bounds its memory
_TYPES = {FILE: pa.int64(), SEQ: pa.int64(), "_time": pa.float64()}  # the rest are text


@dataclass
class IngestReport:
    added: list[Ingested] = field(default_factory=list)
    already: list[tuple[str, Ingested]] = field(default_factory=list)  # (path given, entry)


def ingest(store: Store, paths: Iterable[Path], diagnostics: Diagnostics, *, workers: int = 1,
           format_in: str = "auto",
           done: Callable[[Ingested], None] = lambda entry: None) -> IngestReport:
    """Add the log files `paths` to `store`, each in its own worker process when `workers` > 1
    (in order: the manifest numbers them as given). A file already in the store, by content,
    is left out. Broken records go to `diagnostics`; `done` is told of each file once in."""
    report = IngestReport()
    known = {entry.sha256: entry for entry in store.files}
    jobs: list[Ingested] = []
    for path in paths:
        digest, size = _digest(path)
        if digest in known:
            report.already.append((str(path), known[digest]))
            continue
        known[digest] = job = Ingested(len(store.files) + len(jobs) + 1, str(path), digest,
                                       size, 0, 0)
        jobs.append(job)
    arguments = [(job.path, str(store.root), job.number, format_in) for job in jobs]
    for job, (records, problems, notices) in zip(jobs, _map(_ingest_file, arguments, workers)):
        diagnostics.problems.extend(Problem(*problem) for problem in problems)
        for notice in notices:
            diagnostics.notice(notice)
        diagnostics.records_read[job.path] += records
        entry = Ingested(job.number, job.path, job.sha256, job.size, records, len(problems))
        store.add([entry])
        report.added.append(entry)
        done(entry)
    return report


def _ingest_file(path: str, root: str, number: int, format_in: str
                 ) -> tuple[int, list[tuple[str, int, str]], list[str]]:
    """Read one log file into the store's Parquet files: its record count, and the problems and
    notices of reading it. A top-level function, so that worker processes can run it."""
    diagnostics = Diagnostics()
    store = Store(Path(root), [])
    source = Path(path)
    chosen = detect_format(source) if format_in == "auto" else format_in
    partitions: dict[tuple[str, str], list[tuple[int, Row]]] = {}
    parts = 0

    def flush() -> None:
        nonlocal parts
        for key, events in partitions.items():
            _write_part(store.part_path(*key, number, parts), number, chosen, events)
            parts += 1
        partitions.clear()

    for seq, event in enumerate(read_events(source, diagnostics, None, chosen)):
        key = (str(event.get("sourcetype", "")), _day(event.get("_time")))
        partitions.setdefault(key, []).append((seq, event))
        if (seq + 1) % PART_ROWS == 0:
            flush()
    flush()
    problems = [(p.source, p.line, p.reason) for p in diagnostics.problems]
    return sum(diagnostics.records_read.values()), problems, diagnostics.notices


def _write_part(path: Path, number: int, format_name: str,
                events: list[tuple[int, Row]]) -> None:
    """One Parquet file of events: their text fields as columns, the rest in `_extra`: values
    that are not text, fields named as the store's own columns, and a field whose name differs
    only in case from another's in the file (DuckDB's names are case-insensitive, so it could
    not tell their columns apart)."""
    spelled: dict[str, str | None] = {name.lower(): None for name in STORE_COLUMNS}
    rows = []
    for seq, event in events:
        row: Row = {FIELDS: json.dumps(list(event)), FILE: number, SEQ: seq,
                    FORMAT: format_name}
        extra = {}
        for name, value in event.items():
            typed = isinstance(value, str) or (name == "_time" and isinstance(value, float))
            if typed and spelled.setdefault(name.lower(), name) == name:
                row[name] = value
            else:
                extra[name] = value
        row[EXTRA] = json.dumps(extra) if extra else None
        rows.append(row)
    names = list(dict.fromkeys(name for row in rows for name in row))
    schema = pa.schema([(name, _TYPES.get(name, pa.string())) for name in names])
    table = pa.Table.from_pydict({name: [row.get(name) for row in rows] for name in names},
                                 schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")


def _day(time: object) -> str:
    """The UTC day of an event's `_time`, its partition; "none" when it has no usable time."""
    if not isinstance(time, float):
        return "none"
    try:
        return datetime.fromtimestamp(time, timezone.utc).strftime("%Y-%m-%d")
    except (OverflowError, OSError, ValueError):
        return "none"


def _digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _map(function: Callable, arguments: list[tuple], workers: int) -> Iterator:
    """`function` over each argument tuple, results in order: in worker processes when more
    than one worker and one file are given (a pool costs more to start than a small log takes
    to read)."""
    if workers <= 1 or len(arguments) <= 1:
        yield from (function(*each) for each in arguments)
        return
    with ProcessPoolExecutor(min(workers, len(arguments))) as pool:
        yield from pool.map(function, *zip(*arguments))
