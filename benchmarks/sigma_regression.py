"""Agreement with Sigma's regression data: do our event searches find what Sigma says they should?

For each case of a sigma_regression folder (real Sysmon events recorded for a Sigma rule, with
`match_count`, the number of events the rule matches), the rule is turned into SPL by pySigma's
Splunk backend with its Sysmon pipeline (which adds the EventID a log source means), run here as
an event search over the case's events, and the rows are counted. A case agrees when the count
equals `match_count` (or, where Sigma recorded none, when at least one event matches).

pySigma is a measuring tool, not a dependency of the project: install it beside the project,
`pip install pysigma pysigma-backend-splunk pysigma-pipeline-sysmon`, then run
`python benchmarks/sigma_regression.py PATH/TO/sigma_regression [--format xml|evtx|json]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from sigma.backends.splunk import SplunkBackend
from sigma.collection import SigmaCollection
from sigma.pipelines.sysmon import sysmon_pipeline

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.catalog import Catalog  # noqa: E402  (the project is run from its checkout)
from engine.runner import run_search  # noqa: E402
from spl.errors import SplError  # noqa: E402

EVENT_FILES = {"xml": "sysmon.log", "evtx": "{id}.evtx", "json": "{id}.json"}


def convert(rule: Path) -> str | None:
    """The rule as one SPL search, or None when pySigma cannot convert it."""
    backend = SplunkBackend(sysmon_pipeline())
    try:
        queries = backend.convert(SigmaCollection.from_yaml(rule.read_text(encoding="utf-8")))
    except Exception as error:  # pySigma raises many kinds; all mean "not convertible"
        print(f"  cannot convert {rule.parent.name}: {error}", file=sys.stderr)
        return None
    return " OR ".join(f"({q})" for q in queries) if len(queries) > 1 else queries[0]


def count_matches(search: str, events: Path, catalog: Catalog) -> int:
    rows, _ = run_search(search, [events], catalog=catalog).table.materialize()
    return len(rows)


def verdict(case: dict, folder: Path, file_format: str, catalog: Catalog) -> tuple[str, str]:
    """("agree" | "disagree" | "error" | "unconvertible" | "missing", detail)."""
    events = folder / EVENT_FILES[file_format].format(id=case["id"])
    if not events.exists():
        return "missing", str(events.name)
    search = convert(folder / "rule.yml")
    if search is None:
        return "unconvertible", ""
    try:
        found = count_matches(search, events, catalog)
    except SplError as error:
        return "error", str(error).splitlines()[0]
    expected = case["match_count"]
    agrees = found == expected if expected is not None else found > 0
    return ("agree" if agrees else "disagree"), f"found {found}, expected {expected or '>= 1'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="the sigma_regression folder (with cases.jsonl)")
    parser.add_argument("--format", choices=sorted(EVENT_FILES), default="xml")
    args = parser.parse_args()
    cases = [json.loads(line) for line in (args.root / "cases.jsonl").read_text().splitlines()]
    tally: Counter[str] = Counter()
    catalog = Catalog.load()
    for case in cases:
        folder = args.root / case["folder"]
        if not folder.is_dir():
            continue
        outcome, detail = verdict(case, folder, args.format, catalog)
        tally[outcome] += 1
        if outcome != "agree":
            print(f"{outcome:13} {case['title']}: {detail}")
    print(", ".join(f"{n} {outcome}" for outcome, n in tally.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
