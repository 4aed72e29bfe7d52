"""The search's clock: when it started and the time zone it works in.

`now`, `-24h` and `@d` are relative to the start of the search, which the user can set
(`spl run --now 2024-03-04T12:00:00Z`) so that relative times find events in old logs. The
time functions of eval read the clock of the search being run from `CLOCK`, which the executor
sets; outside a search, `now()` reads the wall clock at each call.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timezone, tzinfo

from engine.readers.isotime import iso_epoch


@dataclass(frozen=True)
class Clock:
    """The search's start in epoch seconds (None: the wall clock at each call) and the time zone
    strftime, strptime, relative_time and time modifiers snap in."""

    now: float | None = None
    tz: tzinfo = timezone.utc

    @classmethod
    def started(cls, tz: tzinfo = timezone.utc, now: float | None = None) -> Clock:
        """The clock of a search starting now (or at `now`, when the user sets it)."""
        return cls(time.time() if now is None else now, tz)

    def time(self) -> float:
        return time.time() if self.now is None else self.now


CLOCK: ContextVar[Clock] = ContextVar("eval_clock", default=Clock())


def parse_now(text: str) -> float:
    """`--now`: epoch seconds, or an ISO 8601 time read as the readers read Sysmon's times (UTC
    when it names no zone); a ValueError when it is neither."""
    try:
        return float(text)
    except ValueError:
        return iso_epoch(text)
