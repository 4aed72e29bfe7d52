"""`spl check`: expand, parse and bind every detection of a folder, without running any.

The summary groups failures by cause, so a corpus of detections shows at once what the tool
cannot yet run and why; `--format json` gives one object per detection for other tools.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from engine.catalog import Catalog
from engine.coverage import ranking
from engine.detections import CheckResult, check_detection, find_detections
from spl.cli.run import add_lookups_option, add_macros_option, macro_folders
from spl.cli.test import visible


def add_parser(commands: argparse._SubParsersAction, summary: str) -> None:
    parser = commands.add_parser("check", help=summary,
                                 description="Expand, parse and bind each detection (YAML in "
                                             "security_content's format, or folders of them) "
                                             "without running it.")
    add_macros_option(parser)
    add_lookups_option(parser)
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="output format (default: table)")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="a detection YAML file, or a folder searched for them (repeatable)")
    parser.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    catalog = Catalog.load(macro_folders(args.macros), args.lookups)
    results = [check_detection(path, catalog) for path in find_detections(args.paths)]
    if args.format == "json":
        print(json.dumps([_as_json(r) for r in results], indent=2, ensure_ascii=False))
    else:
        print(visible(summary(results)))  # a detection's name may hold control characters
    return 0 if all(r.status == "ok" for r in results) else 1


def _as_json(result: CheckResult) -> dict:
    return {"file": str(result.detection), "name": result.name, "status": result.status,
            "message": result.message, "unavailable": result.unavailable}


def summary(results: list[CheckResult]) -> str:
    """The share that is ok, the failures grouped by cause (most frequent first), those that
    need an app this tool cannot have apart from them, the coverage of commands and functions,
    then each failure."""
    ok = sum(1 for r in results if r.status == "ok")
    share = 100 * ok / len(results) if results else 100.0
    lines = [f"{ok} of {len(results)} detections ok ({share:.1f}%)"]
    causes = Counter(_cause(r) for r in results if r.status != "ok" and not r.unavailable)
    lines += [f"  {count:5d}  {cause}" for cause, count in causes.most_common()]
    apps = Counter(r.unavailable for r in results if r.status != "ok" and r.unavailable)
    if apps:
        lines += [f"{sum(apps.values())} need what this tool cannot have:"]
        lines += [f"  {count:5d}  {cause}"
                  for cause, count in sorted(apps.items(), key=lambda item: (-item[1], item[0]))]
    lines += [""] + coverage(results)
    for result in (r for r in results if r.status != "ok"):
        lines += ["", f"{result.detection}: {result.name}", result.message]
    return "\n".join(lines)


def coverage(results: list[CheckResult], top: int = 25) -> list[str]:
    """The share of detections whose every command is run, and what is missing, ranked by how
    many detections each would unlock on its own."""
    parsed = [r.missing for r in results if r.missing is not None]
    commands_ok = sum(1 for m in parsed if not any(n.startswith("command ") for n in m))
    share = 100 * commands_ok / len(results) if results else 100.0
    lines = [f"{commands_ok} of {len(results)} detections use only supported commands "
             f"({share:.1f}%); {len(results) - len(parsed)} do not parse",
             "  missing                                   unlocks alone   used by"]
    lines += [f"  {name:<40} {alone:>14} {used:>9}" for name, alone, used in ranking(parsed)[:top]]
    return lines


def _cause(result: CheckResult) -> str:
    """The first line of the message, which names the fault without the user's text."""
    first = result.message.splitlines()[0] if result.message else result.status
    return first
