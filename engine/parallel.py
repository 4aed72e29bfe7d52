"""Both cores: the reading end of a plan, run over worker processes.

Reading, prefiltering, parsing and enriching events is most of a search's work, and it goes row
by row. So the plan's streaming prefix (the Scan and the operators above it that take rows one at
a time: Enrich, Filter, Eval, DatasetRows, rex, rename, up to the first that is not) runs in
worker processes, each over one part of the input: a whole file, or a byte range of a large
XmlWinEventLog file that begins at a record's start tag. The workers send back their rows, cut to
the fields the rest of the plan reads, and the parent takes them in file order and runs the rest
(stats, sort, head, dc, percentiles...) over them as one process would. The rows and their order
are therefore those of a single-process run, and no aggregation has to be merged approximately.

A worker's skipped-record reports are merged into the run's diagnostics at the lines they have
in the whole file. A search over a small input, one that may stop reading early (head), one being
explained, watched (the search page counts and cancels its rows) or kept in memory, and one over
an event store run in one process, as does everything when a worker fails (the run then gives
the error a single process gives, with its caret).
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, replace
from pathlib import Path

from engine import plan
from engine.commands.rename import Rename
from engine.commands.rex import Rex
from engine.diagnostics import Diagnostics, Problem
from engine.executor import execute
from engine.readers import detect_format, expand_inputs
from engine.readers.encoding import utf16_codec
from engine.readers.xmlwineventlog import find_record_start
from engine.runtime import Runtime
from engine.sources import PART, Part
from engine.table import Row, Table

MIN_BYTES = 32 << 20  # an input smaller than this is read in one process
PART_BYTES = 16 << 20  # a larger XML file is cut into parts of about this size

# The operators that take rows one at a time, each row on its own.
STREAMING = (plan.Scan, plan.Enrich, plan.Filter, plan.Eval, plan.DatasetRows, Rex, Rename)


def default_workers() -> int:
    return os.cpu_count() or 1


def run(root: plan.Node, runtime: Runtime, workers: int | None = None, *,
        min_bytes: int | None = None, part_bytes: int | None = None) -> Table:
    """The table of `root`, its streaming prefix read by `workers` processes (default: one per
    CPU) when the input is at least `min_bytes` (default MIN_BYTES) large; else executor.execute.
    `part_bytes` (default PART_BYTES) is the size of a part of a large XML file."""
    workers = default_workers() if workers is None else workers
    min_bytes = MIN_BYTES if min_bytes is None else min_bytes
    prefix = streaming_prefix(root)
    if (workers < 2 or prefix is None or _stops_early(root, prefix)
            or runtime.observer is not None or runtime.watch is not None
            or runtime.keep_in_memory or runtime.rows is not None):
        return execute(root, runtime)
    parts = split_input(runtime, PART_BYTES if part_bytes is None else part_bytes)
    if parts is None or len(parts) < 2 or sum(p.size for p in parts) < min_bytes:
        return execute(root, runtime)
    shipped = _fields_read_above(root, prefix)
    results = _in_workers(prefix, runtime, parts, shipped, workers)
    if results is None:
        return execute(root, runtime)
    fields = results[0][1] if results else None
    rows: list[Row] = []
    for (part_rows, _, diagnostics), part in zip(results, parts):
        _merge(runtime.diagnostics, diagnostics, part)
        rows.extend(part_rows)
    return execute(root, runtime, given=(prefix, Table(rows, fields)))


def streaming_prefix(root: plan.Node) -> plan.Node | None:
    """The highest operator of the chain from the Scan up whose operators all stream (and have
    no subsearch), or None when the plan does not read a Scan."""
    nodes = list(plan.chain(root))
    if not isinstance(nodes[-1], plan.Scan) or isinstance(nodes[-1], plan.StoreScan):
        return None  # (a store's engine reads it; see engine/storescan.py)
    top = None
    for node in reversed(nodes):
        if not isinstance(node, STREAMING) or node.subplans():
            break
        top = node
    return top


def _stops_early(root: plan.Node, prefix: plan.Node) -> bool:
    """Whether an operator above `prefix` may stop reading before the end (head): one process
    then reads, and reports broken records, only as far as it needs to; workers would read all."""
    for node in plan.chain(root):
        if node is prefix:
            return False
        if isinstance(node, plan.Limit) and not node.from_end:
            return True
    return False


def _fields_read_above(root: plan.Node, prefix: plan.Node) -> frozenset[str] | None:
    """The fields the operators above `prefix` read of its rows (None: all of them)."""
    needed: plan.Needed = None
    for node in plan.chain(root):
        if node is prefix:
            return needed
        needed = node.needs(needed)
    return None


@dataclass(frozen=True)
class _Part(Part):
    given: Path = Path()  # the input path (file, folder or pattern) it comes from
    size: int = 0  # its bytes


def split_input(runtime: Runtime, part_bytes: int) -> list[_Part] | None:
    """The parts of the run's input, in reading order: each file whole, but a UTF-8 XML file
    larger than `part_bytes` in byte ranges that begin at a record's start tag. None when an
    input cannot be listed (the single process reports it)."""
    parts: list[_Part] = []
    try:
        for given in runtime.data:
            for file in expand_inputs([given]):
                size = file.stat().st_size
                chosen = detect_format(file) if runtime.format_in == "auto" else runtime.format_in
                if chosen != "xml" or size <= part_bytes or _utf16(file):
                    parts.append(_Part(file, None, None, given, size))
                    continue
                with file.open("rb") as stream:
                    starts = [0] + [s for s in (find_record_start(stream, offset)
                                                for offset in range(part_bytes, size, part_bytes))
                                    if s is not None]
                starts = sorted(set(starts))
                for start, stop in zip(starts, starts[1:] + [size]):
                    parts.append(_Part(file, start, stop, given, stop - start))
    except OSError:
        return None
    return parts


def _utf16(file: Path) -> bool:
    """Whether the file is UTF-16 text: its byte offsets are not those of the UTF-8 records the
    reader sees, so it is read whole (engine/readers/encoding.py)."""
    with file.open("rb") as stream:
        return utf16_codec(stream.read(2)) is not None


_JOB: tuple[plan.Node, Runtime, frozenset[str] | None] | None = None  # what forked workers run


def _in_workers(prefix: plan.Node, runtime: Runtime, parts: list[_Part],
                shipped: frozenset[str] | None, workers: int) -> list | None:
    """Each part's (rows, fields, diagnostics), run by forked workers; None when one failed."""
    global _JOB
    _JOB = (prefix, runtime, shipped)
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(parts))) as pool:
            return pool.map(_work, parts, chunksize=1)
    except Exception:  # a worker's error: the single process gives it with its caret
        return None
    finally:
        _JOB = None


def _work(part: _Part) -> tuple[list[Row], list[str] | None, Diagnostics]:
    prefix, runtime, shipped = _JOB
    local = replace(runtime, data=[part.given], diagnostics=Diagnostics())
    token = PART.set(part)
    try:
        table = execute(prefix, local)
        rows = list(table.rows) if shipped is None else \
            [{name: value for name, value in row.items() if name in shipped} for row in table.rows]
    finally:
        PART.reset(token)
    return rows, table.fields, local.diagnostics


def _merge(into: Diagnostics, part: Diagnostics, where: _Part) -> None:
    """A part's diagnostics into the run's, its problems at their lines in the whole file."""
    offset = _lines_before(where) if part.problems and where.start else 0
    into.problems += [Problem(p.source, p.line + offset, p.reason) for p in part.problems]
    for message in part.notices:
        into.notice(message)
    into.records_read.update(part.records_read)
    into.bytes_read.update(part.bytes_read)


def _lines_before(part: _Part) -> int:
    """The number of lines before the part's first byte (counted only when it reports one)."""
    count, left = 0, part.start
    with part.file.open("rb") as stream:
        while left > 0:
            block = stream.read(min(left, 1 << 20))
            if not block:
                break
            count += block.count(b"\n")
            left -= len(block)
    return count
