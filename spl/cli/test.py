"""`spl test`: run each detection's tests offline, over local copies of its attack data.

A test passes when the search returns at least one row and every declared risk object field is
present and not the string "null"; a detection whose data files are missing is skipped, naming
the paths looked for, and never counted as a pass. `--junit FILE` writes JUnit XML for CI.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from lxml import etree

from engine.catalog import Catalog
from engine.detections import RunResult, find_detections, run_detection_test
from spl.cli.run import add_lookups_option, add_macros_option, macro_folders


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("test", help="run detections' tests over local attack data",
                                 description="Run each detection's tests: entries over local "
                                             "copies of their attack_data files.")
    parser.add_argument("--data-root", type=Path, default=Path("."), metavar="DIR",
                        help="where attack_data files are: by the URL's path after "
                             "attack_data/master/, or by file name (default: .)")
    add_macros_option(parser)
    add_lookups_option(parser)
    parser.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML to FILE")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.set_defaults(handler=_test)


def _test(args: argparse.Namespace) -> int:
    catalog = Catalog.load(macro_folders(args.macros), args.lookups)
    results = []
    for path in find_detections(args.paths):
        result = run_detection_test(path, args.data_root, catalog)
        print(_line(result), flush=True)
        results.append(result)
    counts = Counter(r.outcome for r in results)
    print(f"\n{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped")
    if args.junit:
        write_junit(results, args.junit)
    return 1 if counts["fail"] else 0


def _line(result: RunResult) -> str:
    detail = f"  {result.message.splitlines()[0]}" if result.message else ""
    return (f"{result.outcome.upper():4}  {result.name}  ({result.rows} rows, "
            f"{result.seconds:.2f}s){detail}")


def write_junit(results: list[RunResult], path: Path) -> None:
    """JUnit XML: one testcase per detection, <failure> or <skipped> with the message."""
    counts = Counter(r.outcome for r in results)
    suite = etree.Element("testsuite", name="spl test", tests=str(len(results)),
                          failures=str(counts["fail"]), skipped=str(counts["skip"]),
                          time=f"{sum(r.seconds for r in results):.3f}")
    for result in results:
        case = etree.SubElement(suite, "testcase", classname=str(result.detection),
                                name=result.name, time=f"{result.seconds:.3f}")
        if result.outcome in ("fail", "skip"):
            tag = "failure" if result.outcome == "fail" else "skipped"
            etree.SubElement(case, tag, message=result.message.splitlines()[0]).text = result.message
    etree.ElementTree(suite).write(str(path), encoding="utf-8", xml_declaration=True,
                                   pretty_print=True)
