#!/usr/bin/env python3
"""Benchmark the SPL interpreter end to end against the cost of merely parsing the log with lxml.

    python benchmarks/run.py                           # 40k and 320k records, 3% selectivity
    python benchmarks/run.py --records 200000          # generate one log into a temp dir
    python benchmarks/run.py --log path/to/sysmon.log  # measure on an existing log
    python benchmarks/run.py --only startup            # only the start-up cost (no log needed)

Generated logs have a realistic share of records that the seed search's prefilter cannot skip
(`--selectivity`, RMS registry events), and a JSON-lines copy of the same events; XML searches
are compared with lxml's bare parse of the log, the seed search over the JSON copy with
`json.loads` of every line. The table is Markdown, ready to paste, with the issue's targets.

Every measurement (the floors and each search) runs in its own fresh wrapper process, which
starts the measured child, times it, and reports the peak RSS (ru_maxrss: of the largest one
process among the child and its workers) and CPU time (user + sys, of all of them) from
resource.getrusage(RUSAGE_CHILDREN), so they never mix between measurements.

Start-up is measured as CPU time, not wall time: `spl run` on the bundled example (a 26-record
log, so nearly all of it is start-up) next to a bare `python -c "import lxml.etree"`.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEARCHES = HERE / "searches"
LOOKUPS = HERE / "lookups"

# Runs inside a fresh interpreter: argv[1] = JSON command, argv[2] = cwd. Prints one JSON line.
WRAPPER = r"""
import csv, io, json, resource, subprocess, sys, time
cmd, cwd = json.loads(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = usage.ru_maxrss
peak_bytes = peak if sys.platform == "darwin" else peak * 1024
out = proc.stdout.decode("utf-8", "replace")
rows = max(0, sum(1 for _ in csv.reader(io.StringIO(out))) - 1) if out.strip() else 0
err = [l for l in proc.stderr.decode("utf-8", "replace").splitlines() if l.strip()]
print(json.dumps({"rc": proc.returncode, "seconds": seconds, "peak": peak_bytes, "rows": rows,
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "stdout_tail": out.strip().splitlines()[-1:] if out.strip() else [],
                  "stderr": err[:1], "stderr_last": err[-1:]}))
"""


def lxml_floor(path: str) -> None:
    """The floor: parse every record with lxml and read each Data element's Name and text."""
    from lxml import etree

    data_tag = "{http://schemas.microsoft.com/win/2004/08/events/event}Data"
    records = fields = 0
    pending: list[bytes] = []
    with open(path, "rb") as handle:
        for line in handle:
            if b"</Event>" not in line:
                pending.append(line)
                continue
            if pending:
                pending.append(line)
                line = b"".join(pending)
                pending = []
            root = etree.fromstring(line)
            for element in root.iter(data_tag):
                element.get("Name")
                element.text
                fields += 1
            records += 1
    print(f"records,fields\n{records},{fields}")


def measure(cmd: list[str]) -> dict:
    proc = subprocess.run([sys.executable, "-c", WRAPPER, json.dumps(cmd), str(ROOT)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["wrapper failed"])[-1]
        return {"rc": -1, "seconds": 0.0, "cpu": 0.0, "peak": 0, "rows": 0, "stderr": [first],
                "stdout_tail": []}
    return json.loads(proc.stdout)


def best_of(cmd: list[str], repeat: int, key: str = "seconds") -> dict:
    best = None
    for _ in range(repeat):
        result = measure(cmd)
        if result["rc"] != 0:
            return result
        if best is None or result[key] < best[key]:
            best = result
    return best


STARTUP_SEARCH = ["run", "--data", "examples/data/rms_sysmon.log", "@examples/rms_registry.spl"]
STARTUP_TARGET = 0.3  # CPU seconds


def startup(repeat: int) -> tuple[dict, dict]:
    """CPU seconds (user + sys) of `spl run` on the bundled example, and of a bare
    `python -c "import lxml.etree"` for scale; the best of `repeat` (at least 3: short runs
    are noisy). It runs the `spl` command that `pip install .` put beside this Python, as a user
    runs it, not this checkout's modules (a checkout has no parser table until it is built)."""
    repeat = max(repeat, 3)
    floor = best_of([sys.executable, "-c", "import lxml.etree"], repeat, key="cpu")
    spl = best_of([installed_spl()] + STARTUP_SEARCH, repeat, key="cpu")
    return floor, spl


def installed_spl() -> str:
    """The `spl` console script of this Python's environment (`pip install .` installs it)."""
    beside = Path(sys.executable).with_name("spl")
    found = str(beside) if beside.is_file() else shutil.which("spl")
    if found is None:
        raise SystemExit("benchmarks/run.py: no `spl` command; install the project first "
                         "(pip install .)")
    return found


# Asked of the installed package, from outside this checkout so that its modules are not found.
TABLE_STATE = r"""
from spl import parser_table as t
try:
    with t.TABLE.open("rb") as handle:
        print("current" if handle.readline() == t.key(t.GRAMMAR.read_text("utf-8")) else "stale")
except OSError:
    print("missing")
"""


def parser_table_state() -> str:
    """Whether the installed package holds a parser table built from its grammar (without one,
    every start builds the parser; see spl/parser_table.py)."""
    state = subprocess.run([sys.executable, "-c", TABLE_STATE], cwd=tempfile.gettempdir(),
                           capture_output=True, text=True).stdout.strip() or "unknown"
    return f"installed parser table: {state}"


SPL_MAIN = "import sys; from spl.cli import main; sys.exit(main(sys.argv[1:]))"


def search_cmd(log: str, search_file: Path, workers: int | None = None) -> list[str]:
    return [sys.executable, "-c", SPL_MAIN,
            "run", "--data", log, "--lookups", os.path.relpath(LOOKUPS, ROOT), "--format", "csv",
            *(["--workers", str(workers)] if workers else []),
            "@" + os.path.relpath(search_file, ROOT)]


def second_search(log: str) -> tuple[int, float]:
    """Dataset rows scanned by the seed search, and its time, when the log is already loaded
    (engine.session keeps events and dataset rows in memory after the first search)."""
    sys.path.insert(0, str(ROOT))
    from engine import plan  # the project, from this checkout
    from engine.session import Session

    session = Session([Path(log)])
    search = (SEARCHES / "seed_rms_registry.spl").read_text(encoding="utf-8")
    session.run(search).materialize()  # loads the log
    start = time.perf_counter()
    session.run(search).materialize()
    seconds = time.perf_counter() - start
    kept = session.runtime.memo.items()
    return sum(len(rows) for node, rows in kept if isinstance(node, plan.DatasetRows)), seconds


def count_records(path: str) -> int:
    with open(path, "rb") as handle:
        return sum(line.count(b"</Event>") for line in handle)


def json_floor(path: str) -> None:
    """The floor for JSON lines: `json.loads` of every line."""
    records = 0
    with open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                json.loads(line)
                records += 1
    print(f"records\n{records}")


def generate(records: int, seed: int, selectivity: float, folder: str) -> tuple[str, str]:
    """An XML log of `records` records and its JSON-lines copy, in `folder`."""
    xml = os.path.join(folder, f"sysmon-{records}.log")
    copy = os.path.join(folder, f"sysmon-{records}.jsonl")
    print(f"generating {records} records (selectivity {selectivity}) ...", file=sys.stderr,
          flush=True)
    subprocess.run([sys.executable, str(HERE / "generate_sysmon.py"), "--records", str(records),
                    "--seed", str(seed), "--selectivity", str(selectivity), "--out", xml,
                    "--json-out", copy], check=True)
    return xml, copy


class Row(NamedTuple):
    """One measurement of the table."""

    name: str
    fmt: str  # "xml" or "json": which floor it is compared with
    records: int
    size: int  # bytes of the log
    result: dict
    floor: float | None  # the floor's seconds for this log
    target: float | None  # the target for the ratio, if it sets one


# Workload -> ratio target (x the floor), from issue 11: the seed search <= 1.0x at 40k records and
# <= 0.5x at 320k; event search + rex + stats and tstats + eval/where <= 1.5x.
RATIO_TARGETS = {"event_search_stats": 1.5, "rex": 1.5, "eval_where": 1.5}
PEAK_TARGET = 0.3  # peak memory / log size


def seed_target(records: int) -> float:
    return 0.5 if records >= 300_000 else 1.0


def measure_log(xml: str, copy: str | None, args: argparse.Namespace, wanted) -> list[Row]:
    """The floors and every wanted search over one XML log (and its JSON copy)."""
    rows: list[Row] = []
    size = os.path.getsize(xml)
    print(f"measuring lxml floor on {os.path.basename(xml)} ...", file=sys.stderr, flush=True)
    floor = best_of([sys.executable, str(Path(__file__).resolve()), "--floor", xml], args.repeat)
    try:  # the floor prints "records,fields" then the counts
        records = int(floor["stdout_tail"][0].split(",")[0])
    except (KeyError, IndexError, ValueError):
        records = count_records(xml)
    base = floor["seconds"] if floor["rc"] == 0 and floor["seconds"] > 0 else None
    rows.append(Row("lxml floor", "xml", records, size, floor, base, None))
    files = sorted(SEARCHES.glob("*.spl"), key=lambda p: (p.stem != "seed_rms_registry", p.stem))
    for search_file in files:
        if not wanted(search_file.stem):
            continue
        print(f"running {search_file.stem} ...", file=sys.stderr, flush=True)
        result = best_of(search_cmd(xml, search_file, args.workers), args.repeat)
        target = seed_target(records) if search_file.stem == "seed_rms_registry" \
            else RATIO_TARGETS.get(search_file.stem)
        rows.append(Row(search_file.stem, "xml", records, size, result, base, target))
    if copy is not None and wanted("seed_rms_registry"):
        json_size = os.path.getsize(copy)
        print(f"measuring json.loads floor on {os.path.basename(copy)} ...", file=sys.stderr,
              flush=True)
        floor = best_of([sys.executable, str(Path(__file__).resolve()), "--floor-json", copy],
                        args.repeat)
        json_base = floor["seconds"] if floor["rc"] == 0 and floor["seconds"] > 0 else None
        rows.append(Row("json.loads floor", "json", records, json_size, floor, json_base, None))
        print("running seed_rms_registry over JSON ...", file=sys.stderr, flush=True)
        result = best_of(search_cmd(copy, SEARCHES / "seed_rms_registry.spl", args.workers),
                         args.repeat)
        rows.append(Row("seed_rms_registry", "json", records, json_size, result, json_base, 1.0))
    return rows


def fixed_cost(args: argparse.Namespace) -> Row:
    """Wall time of this checkout's `spl run` on the bundled 26-record example: the fixed cost
    every search pays (interpreter, imports, catalog, parser table), next to no floor."""
    cmd = [sys.executable, "-c", SPL_MAIN] + STARTUP_SEARCH
    result = best_of(cmd, max(args.repeat, 3))
    return Row("fixed cost (26 records)", "xml", 26, os.path.getsize(ROOT / STARTUP_SEARCH[2]),
               result, None, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="SPL interpreter benchmark")
    parser.add_argument("--log", action="append", default=[],
                        help="existing Sysmon XmlWinEventLog file to measure (repeatable)")
    parser.add_argument("--json-log", action="append", default=[], metavar="PATH",
                        help="the JSON-lines copy of the --log of the same place in the "
                             "command line, measured against json.loads (repeatable)")
    parser.add_argument("--records", type=int, action="append", default=[],
                        help="records to generate when --log is not given; repeatable "
                             "(default: 40000 and 320000)")
    parser.add_argument("--selectivity", type=float, default=0.03,
                        help="share of generated records that pass the seed search's prefilter "
                             "(default 0.03; real attack data has 0.01-0.05)")
    parser.add_argument("--no-json", action="store_true", help="skip the JSON-lines copy")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="pass --workers N to every `spl run` (default: spl's own choice)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--repeat", type=int, default=1, help="run each measurement N times, keep the best time")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only this search (file stem, second_search, or startup); "
                             "repeatable")
    parser.add_argument("--floor", metavar="PATH", help=argparse.SUPPRESS)  # internal: the lxml floor
    parser.add_argument("--floor-json", metavar="PATH", help=argparse.SUPPRESS)  # json.loads floor
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    if args.floor:
        lxml_floor(args.floor)
        return 0
    if args.floor_json:
        json_floor(args.floor_json)
        return 0

    def wanted(name: str) -> bool:
        return not args.only or name in args.only

    startup_rows: list[tuple[str, dict, str, float | None]] = []
    if wanted("startup"):
        print("measuring start-up ...", file=sys.stderr, flush=True)
        import_lxml, spl_run = startup(args.repeat)
        lxml_cpu = import_lxml["cpu"] if import_lxml["rc"] == 0 and import_lxml["cpu"] > 0 else None
        startup_rows = [("cpu: import lxml.etree", import_lxml, "cpu", lxml_cpu),
                        ("cpu: spl run (example)", spl_run, "cpu", lxml_cpu)]
    if args.only and set(args.only) <= {"startup"}:
        _print_table(startup_rows, None)
        _print_startup(startup_rows)
        return 0

    tmp = None
    if args.log:
        copies = [os.path.abspath(p) for p in args.json_log] + [None] * len(args.log)
        logs = [(os.path.abspath(log), copy) for log, copy in zip(args.log, copies)]
    else:
        tmp = tempfile.TemporaryDirectory(prefix="spl-bench-")
        logs = []
        for records in args.records or [40_000, 320_000]:
            xml, copy = generate(records, args.seed, args.selectivity, tmp.name)
            logs.append((xml, None if args.no_json else copy))
    try:
        rows = [fixed_cost(args)] if wanted("startup") else []
        for xml, copy in logs:
            rows += measure_log(xml, copy, args, wanted)
        if wanted("second_search"):
            print("loading the log for a second search ...", file=sys.stderr, flush=True)
            scanned, second = second_search(logs[0][0])
    finally:
        if tmp is not None:
            tmp.cleanup()

    _print_markdown(rows)
    if wanted("second_search"):
        print(f"\nsecond search over the loaded log: {scanned} dataset rows in {second:.3f} s = "
              f"{scanned / second:,.0f} rows/s (target >= 1,000,000)")
    if startup_rows:
        print()
        _print_table(startup_rows, None)
        _print_startup(startup_rows)
    print(f"{os.cpu_count()} cpus, Python {platform.python_version()}, repeat {args.repeat}, "
          f"selectivity {'of --log' if args.log else args.selectivity}, "
          f"workers {args.workers or 'default'}; load average (1, 5, 15 min) before the run: "
          f"{' '.join(f'{x:.2f}' for x in load_before)}, after: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("peak MB: the largest ru_maxrss among the run's processes (getrusage RUSAGE_CHILDREN in "
          "a wrapper process); with worker processes each worker's peak counts on its own")
    print(f"targets (issue 11): seed_rms_registry <= 1.0x the floor at 40k records, <= 0.5x at "
          f"320k, over JSON <= 1.0x json.loads; event_search_stats, rex, eval_where <= 1.5x; "
          f"peak/log <= {PEAK_TARGET}")
    return 0


def _print_markdown(rows: list[Row]) -> None:
    """The measurements as a Markdown table, ready to paste: seconds (wall, start-up included),
    the ratio to the floor of the log's format, peak memory, and whether a target is met."""
    print("| workload | input | records | log MB | seconds | x floor | peak MB | peak/log "
          "| rows | target |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        r = row.result
        head = f"| {row.name} | {row.fmt} | {row.records:,} | {row.size / 1e6:.1f} |"
        if r["rc"] != 0:
            reason = (r.get("stderr") or ["(no stderr)"])[0]
            if reason.startswith(("Traceback", "usage:")) and r.get("stderr_last"):
                reason = r["stderr_last"][0]
            print(f"{head} failed: exit {r['rc']}: {reason[:120]} | | | | | |")
            continue
        ratio = r["seconds"] / row.floor if row.floor else None
        peak = r["peak"] / row.size if row.records > 1000 else None  # not for the fixed cost
        verdicts = []
        if row.target is not None and ratio is not None:
            verdicts.append(f"<= {row.target}x {'met' if ratio <= row.target else 'MISSED'}")
        if peak is not None and row.target is not None:
            verdicts.append(f"peak {'met' if peak <= PEAK_TARGET else 'MISSED'}")
        print(f"{head} {r['seconds']:.2f} | {'-' if ratio is None else f'{ratio:.2f}'} | "
              f"{r['peak'] / 1e6:.0f} | {'-' if peak is None else f'{peak:.2f}'} | {r['rows']} | "
              f"{', '.join(verdicts)} |")


def _print_table(rows: list[tuple[str, dict, str, float | None]], size: int | None) -> None:
    """One line per measurement: its `seconds` (wall time; CPU time for the `cpu:` start-up
    rows) and its ratio to the base of its kind (the lxml floor; a bare lxml import)."""
    header = f"{'name':<24} {'seconds':>8} {'x lxml':>7} {'peak MB':>8} {'peak/log':>8} {'rows':>7}"
    print(header)
    print("-" * len(header))
    for name, r, key, base in rows:
        if r["rc"] != 0:
            reason = (r.get("stderr") or ["(no stderr)"])[0]
            if reason.startswith(("Traceback", "usage:")) and r.get("stderr_last"):
                reason = r["stderr_last"][0]  # the exception / argparse error, not its preamble
            reason = f"exit {r['rc']}: {reason}"
            print(f"{name:<24} failed: {reason[:150]}")
            continue
        ratio = f"{r[key] / base:.2f}" if base else "-"
        per_log, count = (f"{r['peak'] / size:.2f}", r["rows"]) if key == "seconds" and size \
            else ("-", "-")
        value = f"{r[key]:.3f}" if key == "cpu" else f"{r[key]:.2f}"
        print(f"{name:<24} {value:>8} {ratio:>7} {r['peak'] / 1e6:>8.1f} "
              f"{per_log:>8} {count:>7}")
    print("-" * len(header))


def _print_startup(rows: list[tuple[str, dict, str, float | None]]) -> None:
    if len(rows) != 2 or any(r["rc"] != 0 for _, r, _, _ in rows):
        return
    (_, lxml, _, _), (_, spl, _, _) = rows
    ratio = f" = {spl['cpu'] / lxml['cpu']:.1f}x" if lxml["cpu"] > 0 else ""
    print(f"start-up: `spl {' '.join(STARTUP_SEARCH)}` {spl['cpu']:.3f} s CPU (user+sys){ratio} "
          f"`python -c \"import lxml.etree\"` {lxml['cpu']:.3f} s "
          f"(target < {STARTUP_TARGET} s); {parser_table_state()}")


if __name__ == "__main__":
    sys.exit(main())
