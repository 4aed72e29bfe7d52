"""Compare the readers over real data: the same events as XmlWinEventLog, EVTX and evtx JSON.

Usage: python tests/readers/compare_formats.py FOLDER [--show N]

FOLDER holds one folder per case (as the sigma regression data does), each with a `sysmon.log`
(XmlWinEventLog), a `*.evtx` and a `*.json` (the evtx tools' JSON) of the same events. Each file
is read with its format told from its content; the events are paired by EventRecordID and their
fields compared, `_raw` aside. Prints how many cases, files and events agree, and each kind of
difference with a few examples. Not a unit test: the data is not part of the repository.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout
from engine.diagnostics import Diagnostics
from engine.readers import detect_format, read_events


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("folder", type=Path)
    arguments.add_argument("--show", type=int, default=3, help="examples per kind of difference")
    args = arguments.parse_args()
    cases = sorted(p for p in args.folder.iterdir() if p.is_dir())
    totals: Counter[str] = Counter()
    differences: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case in cases:
        files = {"xml": case / "sysmon.log", "evtx": next(case.glob("*.evtx"), None),
                 "json": next(case.glob("*.json"), None)}
        read = {}
        for kind, path in files.items():
            if path is None:
                totals[f"cases without {kind}"] += 1
                continue
            diagnostics = Diagnostics()
            totals[f"{kind} files read as {detect_format(path)}"] += 1
            read[kind] = {_key(e): e for e in read_events(path, diagnostics)}
            totals[f"{kind} events"] += len(read[kind])
            for problem in diagnostics.problems:
                differences[(kind, "skipped: " + problem.reason[:60])].append(str(problem))
        case_agrees = len(read) == 3
        for left_kind, right_kind in PAIRS:
            if left_kind not in read or right_kind not in read:
                continue
            pair = f"{left_kind}/{right_kind}"
            left_events, right_events = read[left_kind], read[right_kind]
            for key in left_events.keys() - right_events.keys():
                differences[(pair, f"event only in {left_kind}")].append(f"{case.name} {key}")
            for key in right_events.keys() - left_events.keys():
                differences[(pair, f"event only in {right_kind}")].append(f"{case.name} {key}")
            keys = left_events.keys() & right_events.keys()
            agreeing = 0
            for key in keys:
                left, right = left_events[key], right_events[key]
                found = _differences(left, right)
                agreeing += not found
                totals[f"{pair} pairs agreeing but for trailing blanks"] += not _differences(
                    _rstripped(left), _rstripped(right))
                totals[f"{pair} pairs whose _raw is identical too"] += left["_raw"] == right["_raw"]
                for field, example in found:
                    differences[(pair, field)].append(f"{case.name} {key}: {example}")
            totals[f"{pair} event pairs"] += len(keys)
            totals[f"{pair} pairs agreeing"] += agreeing
            if agreeing == len(keys) == len(left_events) == len(right_events):
                totals[f"cases where {pair} agree"] += 1
            else:
                case_agrees = False
        totals["cases where all three agree"] += case_agrees
    print(f"{len(cases)} cases")
    for name, count in sorted(totals.items()):
        print(f"  {name}: {count}")
    for (kind, field), examples in sorted(differences.items()):
        print(f"\n{kind}: {field}: {len(examples)}")
        for example in examples[: args.show]:
            print(f"    {example}")
    return 0


PAIRS = (("xml", "evtx"), ("xml", "json"), ("evtx", "json"))


def _rstripped(event: dict) -> dict:
    return {k: v.rstrip() if isinstance(v, str) else v for k, v in event.items()}


def _key(event: dict) -> tuple:
    return (event.get("Computer"), event.get("Channel"), event.get("EventRecordID"))


def _differences(left: dict, right: dict) -> list[tuple[str, str]]:
    found = []
    for name in sorted((left.keys() | right.keys()) - {"_raw"}):
        a, b = left.get(name), right.get(name)
        if a != b:
            found.append((f"field {name}", f"{a!r} != {b!r}"[:240]))
    return found


if __name__ == "__main__":
    sys.exit(main())
