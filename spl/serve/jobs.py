"""Searches as jobs: each runs in a worker thread; the page polls its progress and may cancel it.

A thread rather than a process: the events read at start are Python objects in this process's
memory, which a thread shares for free and a process would have to copy or re-read. Python
cannot stop a thread from outside, so the search stops itself: the runtime's watch (engine/
runtime.py) hands every row of every operator through `Job.watch`, which counts them for the progress line
and raises Cancelled once the flag is set. A command that is already
sorting what it read finishes that step first; the next row any operator passes on stops it.
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections import OrderedDict
from typing import Callable, Iterable, Iterator

from spl.errors import SplError
from engine import plan

KEPT = 20  # finished jobs remembered for the page to fetch


class Cancelled(Exception):
    """Raised inside a search's sources once its job is cancelled."""


class Job:
    def __init__(self, number: int, work: Callable[[Job], dict]):
        self.id = str(number)
        self.status = "running"  # then "done", "error" or "cancelled"
        self.result: dict | None = None
        self.error: dict | None = None
        self.matched = 0  # rows of the final table produced so far
        # Rows each operator gave so far, and how deep it is in its chain (0: a source)
        self._given: dict[int, list[int]] = {}
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)

    @property
    def read(self) -> int:
        """Records read so far: the rows of the deepest operators that gave any. That is the
        events read from the logs, or from memory when the search reuses those read at start
        (then the operator reading the files is never asked for a row)."""
        given = [(depth, count) for depth, count in list(self._given.values()) if count]
        if not given:
            return 0
        deepest = min(depth for depth, _ in given)
        return max(count for depth, count in given if depth == deepest)

    def start(self) -> Job:
        self._thread.start()
        return self

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def cancel(self) -> None:
        self._cancel.set()

    def watch(self, node: plan.Node, rows: Iterable) -> Iterator:
        """The engine's Watch: count each operator's rows, and stop once cancelled."""
        given = self._given.setdefault(id(node), [sum(1 for _ in plan.chain(node)) - 1, 0])
        for row in rows:
            if self._cancel.is_set():
                raise Cancelled()
            given[1] += 1
            yield row

    def count(self, rows: Iterable) -> Iterator:
        """The final table's rows, counted as the search produces them."""
        for row in rows:
            if self._cancel.is_set():
                raise Cancelled()
            self.matched += 1
            yield row

    def state(self) -> dict:
        state = {"id": self.id, "status": self.status,
                 "progress": {"read": self.read, "matched": self.matched}}
        if self.result is not None:
            state["result"] = self.result
        if self.error is not None:
            state["error"] = self.error
        return state

    def _run(self, work: Callable[[Job], dict]) -> None:
        try:
            self.result = work(self)
            self.status = "done"
        except Cancelled:
            self.status = "cancelled"
        except SplError as error:
            self.error = error_json(error)
            self.status = "error"
        except Exception as error:  # a bug: the page says so, the server's log has the trace
            traceback.print_exc()
            self.error = {"kind": "internal", "message": f"internal error: {error!r}",
                          "hint": None, "rendered": f"internal error: {error!r}"}
            self.status = "error"


def error_json(error: SplError) -> dict:
    """An SplError for the page: the text exactly as the command line prints it (caret,
    macro chain and did-you-mean included), and its parts."""
    return {"kind": error.kind, "message": error.message, "hint": error.hint,
            "rendered": str(error)}


class Jobs:
    """The jobs of this server, newest last; old finished ones are forgotten."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def start(self, work: Callable[[Job], dict]) -> Job:
        with self._lock:
            job = Job(next(self._numbers), work)
            self._jobs[job.id] = job
            finished = [k for k, j in self._jobs.items() if j.status != "running"]
            for key in finished[:max(len(finished) - KEPT, 0)]:
                del self._jobs[key]
        return job.start()

    def get(self, key: str) -> Job | None:
        return self._jobs.get(key)
