#!/usr/bin/env python3
"""Benchmark the event store against streaming the raw logs, side by side in one run.

    python benchmarks/store.py --records 1000000        # generate 4 logs, ingest, measure
    python benchmarks/store.py --log a.log --log b.log  # existing XmlWinEventLog files

It measures, each in a fresh process (run.py's wrapper: wall time and peak RSS):
1. `spl ingest` with one worker and with two (one worker per file, so the logs come as several
   files), as records per second;
2. the seed detection (benchmarks/searches/seed_rms_registry.spl) over the store with DuckDB,
   next to the same search streaming the XML logs (`spl run --data`);
3. repeat searches from Python: the seed search a second time in a Session over the store, the
   equivalent hand-written SQL in DuckDB over the same Parquet files, and a Session over one
   log file with its events kept in memory (today's Session), compared as records per second.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

from run import ROOT, SEARCHES, SPL_MAIN, count_records, generate, measure

SEED = SEARCHES / "seed_rms_registry.spl"

# What the seed search computes, written by hand over the store's columns: the registry events
# of Sysmon (12, 13, 14) whose key path holds the detection's text, counted per key and value.
HAND_SQL = r"""
SELECT TargetObject, "User", Details, EventType, Computer,
       count(*) AS count, min(_time) AS firstTime, max(_time) AS lastTime
FROM read_parquet(?, union_by_name = true)
WHERE EventID IN ('12', '13', '14')
  AND lower(TargetObject) LIKE '%\system\remote manipulator system%'
GROUP BY ALL
"""

# Run in a child interpreter from the project root: argv[1] = what, argv[2] = store or log.
# Prints the seconds of the second (repeat) run and the rows it gave, as JSON.
REPEAT = r"""
import json, sys, time
from pathlib import Path
what, where, search, sql = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
if what == "duckdb":
    import duckdb
    from engine.store import Store
    parts = [str(p) for p in Store.open(where).parts()]
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    run = lambda: connection.execute(sql, [parts]).fetchall()
else:
    from engine.session import Session
    session = Session(store=where) if what == "store" else Session([where])
    run = lambda: session.run(search).materialize()[0]
run()
start = time.perf_counter()
rows = run()
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(rows)}))
"""


def repeat_search(what: str, where: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", REPEAT, what, where,
                           SEED.read_text(encoding="utf-8"), HAND_SQL],
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"seconds": 0.0, "rows": 0, "error": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout)


def _made(folder: str, seed: int) -> str:
    """A folder of its own for each generated log (they are named by their record count)."""
    made = os.path.join(folder, f"log{seed}")
    os.makedirs(made)
    return made


def spl(*arguments: str) -> list[str]:
    return [sys.executable, "-c", SPL_MAIN, *arguments]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", action="append", default=[], help="an XmlWinEventLog file")
    parser.add_argument("--records", type=int, default=1_000_000,
                        help="records to generate, in --files logs (default 1000000)")
    parser.add_argument("--files", type=int, default=4, help="logs to generate (default 4)")
    parser.add_argument("--selectivity", type=float, default=0.03,
                        help="share of generated records the seed's prefilter keeps")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        logs = args.log or [
            generate(args.records // args.files, seed, args.selectivity, _made(folder, seed))[0]
            for seed in range(1, args.files + 1)]
        records = sum(count_records(log) for log in logs)
        size = sum(os.path.getsize(log) for log in logs)
        data = [argument for log in logs for argument in ("--data", log)]
        table = []
        stores = {}
        for workers in (1, 2):
            stores[workers] = os.path.join(folder, f"store{workers}")
            result = measure(spl("ingest", *data, "--store", stores[workers],
                                 "--workers", str(workers)))
            table.append((f"ingest, {workers} worker(s)", result, records))
        search = "@" + os.path.relpath(SEED, ROOT)
        streaming = measure(spl("run", *data, "--format", "csv", search))
        over_store = measure(spl("run", "--store", stores[2], "--format", "csv", search))
        table += [("seed search streaming the XML", streaming, records),
                  ("seed search over the store (DuckDB)", over_store, records)]
        repeats = [("repeat: Session over the store", repeat_search("store", stores[2]),
                    records),
                   ("repeat: hand-written SQL in DuckDB", repeat_search("duckdb", stores[2]),
                    records),
                   ("repeat: Session over one log in memory", repeat_search("files", logs[0]),
                    count_records(logs[0]))]
    _print(table, repeats, records, size)
    return 0


def _print(table, repeats, records: int, size: int) -> None:
    print(f"{records} records, {size / 1e6:.0f} MB of XML, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.2f}\n")
    print("| measurement | seconds | records/s | peak MB | rows |")
    print("|---|---:|---:|---:|---:|")
    for name, result, count in table:
        if result["rc"] != 0:
            print(f"| {name} | failed: {' '.join(result['stderr'])} | | | |")
            continue
        print(f"| {name} | {result['seconds']:.2f} | {count / result['seconds']:,.0f} "
              f"| {result['peak'] / 1e6:.0f} | {result['rows']} |")
    for name, result, count in repeats:
        if "error" in result:
            print(f"| {name} | failed: {' '.join(result['error'])} | | | |")
        else:
            print(f"| {name} | {result['seconds']:.3f} | {count / result['seconds']:,.0f} "
                  f"| | {result['rows']} |")
    ingest = {name: result for name, result, _ in table if name.startswith("ingest")}
    one, two = (ingest[f"ingest, {w} worker(s)"]["seconds"] for w in (1, 2))
    streaming, over_store = (result["seconds"] for name, result, _ in table
                             if name.startswith("seed"))
    store_rate, sql_rate, files_rate = (count / result["seconds"] if result.get("seconds")
                                        else 0.0 for _, result, count in repeats)
    print(f"\ningest on two workers: {one / two:.2f}x one worker's rate (target >= 1.5)")
    print(f"seed search, store vs streaming XML: {streaming / over_store:.1f}x faster "
          "(target >= 20)")
    if sql_rate and files_rate:
        print(f"repeat seed search over the store: {store_rate / sql_rate:.2f}x the rate of "
              f"hand-written SQL (target >= 1/1.2 = 0.83), {store_rate / files_rate:.1f}x "
              "today's Session over the log in memory (target >= 10)")


if __name__ == "__main__":
    sys.exit(main())
