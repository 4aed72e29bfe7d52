"""`spl ingest`: read log files once into an event store that `spl run --store` searches."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from engine.diagnostics import Diagnostics
from engine.ingest import ingest
from engine.readers import FORMATS as READER_FORMATS
from engine.store import Ingested, Store, StoreError
from spl.cli.run import data_files
from spl.errors import UsageError


def add_parser(commands: argparse._SubParsersAction, summary: str) -> None:
    parser = commands.add_parser(
        "ingest", help=summary,
        description="Read log files into an event store: a folder of Parquet files, by source "
                    "type and day, that `spl run --store DIR` searches with DuckDB. A file "
                    "already in the store (same content) is left out; new files are added.")
    parser.add_argument("--data", action="append", type=Path, default=[], metavar="PATH",
                        required=True,
                        help="a log file, a folder of them, or a glob pattern (repeatable)")
    parser.add_argument("--store", type=Path, required=True, metavar="DIR",
                        help="the store's folder: made when missing; an existing store grows")
    parser.add_argument("--format-in", choices=READER_FORMATS, default="auto",
                        help="format of the --data files (default auto: told from each file)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes, one file each (default: the number of CPUs)")
    parser.set_defaults(handler=_ingest)


def _ingest(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give 1 or more")
    files = data_files(args.data)
    try:
        store = Store.create(args.store)
    except StoreError as error:
        raise UsageError(f"--store {error}") from None
    diagnostics = Diagnostics()
    shown = sys.stderr.isatty()

    def done(entry: Ingested) -> None:
        if shown:
            print(f"ingested {entry.path}: {entry.records} record(s)", file=sys.stderr)

    report = ingest(store, files, diagnostics, workers=args.workers, format_in=args.format_in,
                    done=done)
    for path, entry in report.already:
        print(f"notice: {path} is already in the store (as {entry.path}): left out",
              file=sys.stderr)
    records = sum(entry.records for entry in report.added)
    print(f"{len(report.added)} file(s), {records} record(s) added to {args.store}; the store "
          f"holds {len(store.files)} file(s)", file=sys.stderr)
    diagnostics.report(sys.stderr)
    return 0
