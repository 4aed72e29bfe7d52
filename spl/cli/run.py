"""`spl run`: run a search over log files and print its results.

This module also holds what the subcommands that run searches share (run, explain, repl): the
search argument (text, stdin, @FILE or a detection YAML file), the options that say what a
search runs over (add_search_options) and the catalog and runtime those options give.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine import plan
from engine.catalog import Catalog
from engine.clock import Clock, parse_now
from engine.detections import Detection, DetectionFileError, load_detection
from engine.output import FORMATS, render
from engine.progress import Progress
from engine.readers import FORMATS as READER_FORMATS
from engine.readers import expand_inputs
from engine.runner import Result, run_search
from engine.runtime import Runtime
from engine.store import ENGINES, Store, StoreError, StoreSource
from engine.timefmt import format_time
from engine.timerange import event_times, time_bounds, window
from spl.errors import EncodingError, Span, UsageError

SEARCH_HELP = ("the search: its text, `-` to read it from stdin, @FILE to read it from FILE, "
               "or a detection YAML file (@FILE.yml, or a path ending .yml or .yaml) to run "
               "its `search:`")
NOW_LATEST = "latest"
NO_RESULTS = "No results found."
DETECTION_SUFFIXES = (".yml", ".yaml")
TZ_HELP = ("time zone for rendering times and snapping relative times (e.g. Europe/Paris); "
           "default UTC, where Splunk would use the searching user's zone")
_UNDECODED = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8, as Python keeps it
_SURROGATE = re.compile("[\ud800-\udfff]")


def add_parser(commands: argparse._SubParsersAction, summary: str) -> None:
    run = commands.add_parser("run", help=summary,
                              description="Run a search over log files and print its results: "
                                          "rows on stdout, notices and skipped log records on "
                                          "stderr. Times show in UTC unless --tz names a zone.")
    add_search_options(run)
    run.add_argument("--format", choices=FORMATS, default="table",
                     help="output format (default: table)")
    run.add_argument("--workers", type=int, metavar="N", help="processes that read an input of "
                     "32 MB or more (default: one per CPU; 1: a single process)")
    run.add_argument("search", metavar="SEARCH", help=SEARCH_HELP)
    run.set_defaults(handler=_run)


def add_search_options(parser: argparse.ArgumentParser, pushdown: bool = True) -> None:
    """The options of every subcommand that runs a search: what it reads, with which macros,
    lookups and GeoIP database, on which clock, and (`pushdown`) whether pushdown is on."""
    parser.add_argument("--data", action="append", type=Path, default=[], metavar="PATH",
                        help="a log file, a folder of them, or a glob pattern (repeatable)")
    parser.add_argument("--format-in", choices=READER_FORMATS, default="auto",
                        help="format of the --data files: xml (Splunk's XmlWinEventLog "
                             "export), evtx, or json (Splunk's JSON export, Winlogbeat, "
                             "evtx_dump); default auto: told from each file's first bytes")
    add_macros_option(parser)
    add_lookups_option(parser)
    parser.add_argument("--lookups-out", type=Path, metavar="DIR",
                        help="the folder outputlookup writes its CSV files into (made if "
                             "missing); it writes nowhere else, and without this option it "
                             "stops with an error")
    parser.add_argument("--tz", default="UTC", metavar="ZONE", help=TZ_HELP)
    add_now_option(parser)
    add_geoip_option(parser)
    add_store_options(parser)
    if pushdown:
        add_pushdown_option(parser)


def add_now_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", metavar="TIME",
                        help="when the search runs, for now(), `earliest=-24h` and the like: an "
                             "ISO time (2024-03-04T12:00:00Z; UTC when it names no zone), epoch "
                             "seconds, or `latest`: one second after the newest event of the "
                             "--data files (which reads them once more first); default: the "
                             "current time")


def add_geoip_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--geoip", type=Path, metavar="FILE",
                        help="the MaxMind DB iplocation reads, e.g. the GeoLite2-City.mmdb of "
                             "a Splunk install ($SPLUNK_HOME/share); default: the GeoLite2 City "
                             "database of July 2018 installed with this tool")


def add_pushdown_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-pushdown", dest="pushdown", action="store_false",
                        help="run the plan as bound: read, parse and enrich every record instead "
                             "of skipping those that cannot match (the rows are the same)")


def add_lookups_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lookups", action="append", type=Path, default=[], metavar="DIR",
                        help="a folder of lookups: CSV files, or security_content lookup "
                             "definitions (repeatable)")


def add_macros_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--macros", action="append", type=Path, default=[], metavar="DIR",
                        help="a folder of macros (*.yml, macros.conf); later folders win "
                             "(repeatable)")


def _run(args: argparse.Namespace) -> int:
    search = read_search(args.search)
    catalog, runtime = search_setup(args)
    print_header(search)
    with Progress(runtime.diagnostics, runtime.data, sys.stderr) as progress:
        result = run_search(search.text, catalog=catalog, runtime=runtime,
                            pushdown=args.pushdown, watch=progress.watch, workers=args.workers)
    print_result(result, runtime, args.format)
    return 0


def print_result(result: Result, runtime: Runtime, format_: str) -> None:
    """The result on stdout; its notices, "No results found." (and why, when the time range
    removed every event) and the skipped log records on stderr."""
    if not runtime.data and reads_log_files(result.prepared.plan):
        print("notice: no --data given, so the search reads no events", file=sys.stderr)
    for notice in (*result.prepared.expansion.notices, *result.prepared.notices):
        print(f"notice: {notice}", file=sys.stderr)
    sys.stdout.write(render(result.table, format_, runtime.clock.tz))
    if not result.table.rows:
        print(NO_RESULTS, file=sys.stderr)
    if counts_nothing(result.table.rows) and (why := time_range_removed_all(result, runtime)):
        print(f"notice: {why}", file=sys.stderr)
    result.diagnostics.report(sys.stderr)


def counts_nothing(rows: list) -> bool:
    """No rows, or the one row a `stats count` of nothing gives: every value a zero."""
    if not rows:
        return True
    values = [v for v in rows[0].values() if v is not None]
    return len(rows) == 1 and bool(values) and all(
        isinstance(v, (int, float)) and v == 0 for v in values)


def print_header(search: Search) -> None:
    """Name the detection a search came from, on stderr, before its results."""
    if search.detection is not None:
        print(f"detection: {search.detection.name} ({search.detection.path})", file=sys.stderr)


def search_setup(args: argparse.Namespace) -> tuple[Catalog, Runtime]:
    """The catalog and runtime that add_search_options' options give."""
    data = data_files(args.data)
    catalog = Catalog.load(macro_folders(args.macros), args.lookups, store_source(args, data))
    if args.lookups_out is not None and args.lookups_out.exists() and \
            not args.lookups_out.is_dir():
        raise UsageError(f"--lookups-out {args.lookups_out}: not a folder")
    runtime = Runtime(clock=clock(args, data), data=data, format_in=args.format_in,
                      lookups_out=args.lookups_out, geoip=geoip_file(args.geoip))
    return catalog, runtime


def time_range_removed_all(result: Result, runtime: Runtime) -> str | None:
    """Why a result is empty (or a count of nothing), when its earliest=/latest= alone removed
    every event: "earliest=-24h removed all 4 events: the latest is 2024-03-04 10:20:07, 273 days before
    now; try --now latest". None when the search has no time range or some event falls inside
    it. Reads the --data files once more (engine/timerange.py)."""
    bounds = time_bounds(result.prepared.plan, result.prepared.expansion.text)
    if not bounds or not runtime.data:
        return None
    start, end = window(bounds)
    times = event_times(runtime.data, runtime.format_in, start, end)
    if not times.count or times.within:
        return None
    written = " ".join(b.modifier for b in bounds)
    now, tz = runtime.clock.time(), runtime.clock.tz
    if times.latest < start:
        return (f"{written} removed all {times.count} events: the latest is "
                f"{_when(times.latest, tz)}, {_ago(now - times.latest)} before now; "
                f"try --now {NOW_LATEST}")
    if times.earliest >= end:
        return (f"{written} removed all {times.count} events: the earliest is "
                f"{_when(times.earliest, tz)}, after the range ends at {_when(end, tz)}")
    return (f"{written} removed all {times.count} events: none is from {_when(start, tz)} "
            f"up to {_when(end, tz)}")


def _when(epoch: float, tz) -> str:
    return format_time(epoch, "%Y-%m-%d %H:%M:%S", tz)


def _ago(seconds: float) -> str:
    """A span said in the largest unit that gives at least two of them: "273 days"."""
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * size:
            return f"{seconds // size:.0f} {unit}"
    return f"{seconds:.0f} seconds"


def add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, metavar="DIR",
                        help="search an event store that `spl ingest` made, instead of --data")
    parser.add_argument("--engine", choices=ENGINES, default=ENGINES[0],
                        help="what runs the search's SQL over the --store: duckdb (default, in "
                             "this process) or spark (needs Java; see --master)")
    parser.add_argument("--master", metavar="URL",
                        help="the Spark cluster for --engine spark (spark://host:7077, yarn, "
                             "...); default: local mode on every core of this machine")


def store_source(args: argparse.Namespace, data: list[Path]) -> StoreSource | None:
    """--store with its engine: a store folder, which a run reads instead of --data (not
    besides it)."""
    if args.store is None:
        if args.engine != ENGINES[0] or args.master is not None:
            raise UsageError("--engine and --master choose what searches a --store: give one")
        return None
    if args.master is not None and args.engine != "spark":
        raise UsageError("--master names a Spark cluster: give --engine spark with it")
    if data:
        raise UsageError("--store and --data: give one of them (ingest the files into the "
                         "store to search both)")
    try:
        Store.open(args.store)  # a folder that is no store (or a broken one) is told now
    except StoreError as error:
        raise UsageError(f"--store {error}") from None
    return StoreSource(args.store, args.engine, args.master)


def reads_log_files(node: plan.Node) -> bool:
    """Whether a plan reads log files (a Scan of them in it or in a subsearch), so that a search
    that makes its own rows (`| makeresults`) or reads a store is not told it has no --data."""
    return any((isinstance(n, plan.Scan) and not isinstance(n, plan.StoreScan))
               or any(reads_log_files(s) for s in n.subplans())
               for n in plan.chain(node))


def clock(args: argparse.Namespace, data: list[Path] = ()) -> Clock:
    """The search's clock: --now (or the current time) in the --tz zone. `--now latest` is one
    second after the newest event of `data`, as `spl test` sets it for attack data whose times
    contentctl would update (engine/detections.py clock_for), so that `latest=now` keeps that
    event (latest is exclusive); finding it reads every file once."""
    tz = zone(args.tz)
    if args.now is None:
        return Clock.started(tz)
    if args.now.strip().lower() == NOW_LATEST:
        # (a subcommand without --format-in, given `data`, reads it as auto)
        newest = event_times(list(data), getattr(args, "format_in", "auto")).latest
        if newest is None:
            raise UsageError(f"--now {NOW_LATEST}: the --data files hold no event with a time")
        return Clock.started(tz, newest + 1)
    try:
        return Clock.started(tz, parse_now(args.now))
    except ValueError:
        raise UsageError(f"--now {args.now}: cannot read the time; give an ISO time such as "
                         f"2024-03-04T12:00:00Z, epoch seconds, or {NOW_LATEST}") from None


def geoip_file(path: Path | None) -> Path | None:
    """--geoip, a file that must exist. Whether it is a MaxMind DB is told when iplocation
    opens it (engine/geoip.py, a usage error too): opening it here would import the reader on
    every run's start-up."""
    if path is not None and not path.is_file():
        raise UsageError(f"--geoip {path}: no such file")
    return path


def data_files(paths: list[Path]) -> list[Path]:
    """The files that --data names: files, every file in a folder, or a glob's matches."""
    try:
        return expand_inputs(paths)
    except FileNotFoundError as error:
        raise UsageError(f"--data: {error}") from None


@dataclass(frozen=True)
class Search:
    """The search text, and the detection it is the `search:` of when it came from one."""

    text: str
    detection: Detection | None = None


def read_search(argument: str) -> Search:
    """The search from the argument itself, stdin (`-`), a file (`@FILE`), or a detection YAML
    file (`@FILE.yml` or an existing path ending .yml/.yaml). The text must be UTF-8: a byte
    that is not (from the terminal, a pipe or a file) is an error pointing at it."""
    if argument == "-":
        return Search(utf8_search(_stdin_text().rstrip("\n"), "stdin"))
    path = Path(argument[1:]) if argument.startswith("@") else Path(argument)
    if path.suffix.lower() in DETECTION_SUFFIXES and (argument.startswith("@") or
                                                       _is_file(path)):
        try:
            detection = load_detection(path)
        except DetectionFileError as error:
            raise UsageError(str(error)) from None
        return Search(utf8_search(detection.search.strip(), str(path)), detection)
    if argument.startswith("@"):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UsageError(f"cannot read the search from {path}: {error}") from None
        return Search(utf8_search(data.decode("utf-8", "surrogateescape").rstrip("\n"),
                                  str(path)))
    return Search(utf8_search(argument, "the command line"))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte: not a file
        return False


def _stdin_text() -> str:
    """All of stdin, its bytes decoded here rather than by the locale's codec (which may be
    strict, or not UTF-8), so that a bad byte becomes an error with its position."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream handed in (a test's StringIO)
        return sys.stdin.read()
    return stream.read().decode("utf-8", "surrogateescape")


def utf8_search(text: str, source: str) -> str:
    """`text`, unless it holds a byte that is not UTF-8 (Python keeps one read from argv, stdin
    or a file as a lone surrogate, U+DC80-U+DCFF) or another lone surrogate: then an error
    with a caret under the first."""
    bad = _SURROGATE.search(text)
    if bad is None:
        return text
    char = bad.group()
    what = (f"the byte 0x{ord(char) - 0xDC00:02x}, which is not UTF-8" if
            _UNDECODED.fullmatch(char) else f"a lone surrogate U+{ord(char):04X}")
    error = EncodingError(f"the search (from {source}) holds {what}, at character "
                          f"{bad.start() + 1}", Span(bad.start(), bad.end()),
                          "save the search as UTF-8, or remove the byte")
    raise error.attach(_SURROGATE.sub("\ufffd", text))


def macro_folders(paths: list[Path]) -> list[Path]:
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"--macros {path}: not a folder")
    return paths


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--tz {name}: unknown time zone (use a name like UTC or Europe/Paris)") from None
