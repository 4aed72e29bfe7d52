"""`spl test`: run each detection's tests offline, over local copies of their attack data.

Each `tests:` entry is its own test case, with its own line and JUnit testcase, as contentctl runs
them: its attack data alone, the search over all time, contentctl's pass rule (engine.detections
.verdict). A test whose files are not under --data-root is skipped, naming the paths looked for,
and never counted as a pass (one whose entry would lead out of the root fails, naming it); a run that tested nothing says so and exits with its own status, so
that CI cannot mistake "no data" for "all passed". `--junit FILE` writes JUnit XML; a FILE that
cannot be written is a usage error before any test runs.
"""

from __future__ import annotations

import argparse
import os
import re
from collections import Counter
from pathlib import Path

from lxml import etree

from engine.catalog import Catalog
from engine.detections import DataRoot, RunResult, find_detections, run_detection_tests
from spl.cli.run import (add_geoip_option, add_lookups_option, add_macros_option, geoip_file,
                         macro_folders)
from spl.errors import UsageError

EXIT_FAILED = 1
EXIT_NOTHING_TESTED = 3  # every test skipped (or none found): distinct from 0, 1 and 2 (usage)

EPILOG = (f"exit status: 0 when at least one test ran and none failed (skipped tests are counted "
          f"and listed); {EXIT_FAILED} when a test failed; 2 for a mistake in the command line; "
          f"{EXIT_NOTHING_TESTED} when nothing was tested (every test skipped, e.g. for missing "
          f"attack data, or no detection found).")


def add_parser(commands: argparse._SubParsersAction, summary: str) -> None:
    parser = commands.add_parser("test", help=summary,
                                 description="Run each entry of each detection's `tests:` over "
                                             "local copies of its attack_data files.",
                                 epilog=EPILOG)
    parser.add_argument("--data-root", type=Path, default=Path("."), metavar="DIR",
                        help="where attack_data files are: at the URL's path after "
                             "attack_data/master/ (a clone of splunk/attack_data), or after the "
                             "host for other URLs; never outside DIR (default: .)")
    parser.add_argument("--match-by-name", action="store_true",
                        help="when a file is not at its path, use the one file under DIR with "
                             "its name; several such files skip the test, naming them")
    add_macros_option(parser)
    add_lookups_option(parser)
    add_geoip_option(parser)
    parser.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML to FILE")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="a detection YAML file, or a folder searched for them (repeatable)")
    parser.set_defaults(handler=_test)


def _test(args: argparse.Namespace) -> int:
    if not args.data_root.is_dir():
        raise UsageError(f"--data-root {args.data_root}: not a folder")
    if args.junit:
        writable(args.junit, "--junit")  # before the tests run, not after
    catalog = Catalog.load(macro_folders(args.macros), args.lookups)
    data_root = DataRoot(args.data_root, args.match_by_name)
    geoip = geoip_file(args.geoip)
    results = []
    for path in find_detections(args.paths):
        for result in run_detection_tests(path, data_root, catalog, geoip):
            print(_line(result), flush=True)
            results.append(result)
    counts = Counter(r.outcome for r in results)
    print(f"\n{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped")
    if args.junit:
        try:
            write_junit(results, args.junit)
        except OSError as error:
            raise UsageError(f"--junit {args.junit}: cannot write: "
                             f"{error.strerror or error}") from None
    if counts["fail"]:
        return EXIT_FAILED
    if not counts["pass"]:
        print(f"nothing was tested: {_skipped(len(results))}")
        return EXIT_NOTHING_TESTED
    return 0


def _skipped(total: int) -> str:
    return "no detection was found" if not total else f"all {total} test(s) were skipped"


def writable(path: Path, option: str) -> None:
    """A UsageError unless `path` can be written: a file (or none yet) in a folder that exists,
    writable by this user."""
    if path.is_dir():
        raise UsageError(f"{option} {path}: is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(path if path.exists() else folder, os.W_OK):
        raise UsageError(f"{option} {path}: not writable")


# Characters XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets: C0 controls but tab, line
# feed and carriage return; surrogates; U+FFFE and U+FFFF), with DEL and the C1 controls, which
# it holds but a terminal obeys: a detection's name or message is written with each as `\xNN` or
# `\uNNNN`, so that the JUnit file is XML and the printed line moves no cursor.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """`text` with each character of _UNPRINTABLE written as its Python escape."""
    return _UNPRINTABLE.sub(lambda found: repr(found.group())[1:-1], text)


def _line(result: RunResult) -> str:
    detail = f"  {result.message.splitlines()[0]}" if result.message else ""
    skipped = f", {result.skipped_records} records skipped" if result.skipped_records else ""
    return visible(f"{result.outcome.upper():4}  {result.name}  ({result.rows} rows, "
                   f"{result.seconds:.2f}s{skipped}){detail}")


def write_junit(results: list[RunResult], path: Path) -> None:
    """JUnit XML: one testcase per test (classname: the detection's file), <failure> or
    <skipped> with the message."""
    counts = Counter(r.outcome for r in results)
    suite = etree.Element("testsuite", name="spl test", tests=str(len(results)),
                          failures=str(counts["fail"]), skipped=str(counts["skip"]),
                          time=f"{sum(r.seconds for r in results):.3f}")
    for result in results:
        case = etree.SubElement(suite, "testcase", classname=visible(str(result.detection)),
                                name=visible(result.name), time=f"{result.seconds:.3f}")
        if result.outcome in ("fail", "skip"):
            tag = "failure" if result.outcome == "fail" else "skipped"
            message = visible(result.message)
            etree.SubElement(case, tag, message=message.splitlines()[0]).text = message
    etree.ElementTree(suite).write(str(path), encoding="utf-8", xml_declaration=True,
                                   pretty_print=True)
