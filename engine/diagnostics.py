"""What went wrong with the input data, as opposed to the search.

A broken record never aborts a run and never vanishes: readers report it here with its location,
and the command line prints the tally and each problem on stderr once the results are out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO


@dataclass(frozen=True, slots=True)
class Problem:
    """One skipped record: where it was and why it could not be read."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: skipped record: {self.reason}"


@dataclass
class Diagnostics:
    """Collects skipped records and notices during one run."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    records_read: Counter[str] = field(default_factory=Counter)
    bytes_read: Counter[str] = field(default_factory=Counter)  # for progress reports

    def skip(self, source: str, line: int, reason: str) -> None:
        self.problems.append(Problem(source, line, reason))

    def notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)

    def report(self, stream: TextIO) -> None:
        """Print notices, each skipped record, and a tally per file."""
        for message in self.notices:
            print(f"notice: {message}", file=stream)
        for problem in self.problems:
            print(problem, file=stream)
        skipped = Counter(p.source for p in self.problems)
        for source, count in skipped.items():
            read = self.records_read[source]
            print(f"{source}: {count} record(s) skipped, {read} read", file=stream)
