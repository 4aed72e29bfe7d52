"""What the page may read: the data, macros, lookups and detection folders the user named when
starting `spl serve`, nothing else. The events are read and enriched once, at start; every
search then runs over those rows in memory (as engine.session does, so without pushdown, which
only pays when records are read from disk)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from engine.catalog import Catalog
from engine.clock import Clock
from engine.diagnostics import Diagnostics
from engine.runner import prepare, run_prepared
from engine.runtime import Runtime, Watch


class OutsideError(Exception):
    """A path the page asked for that is not inside a folder the user named at start."""


@dataclass
class Workspace:
    data: list[Path]
    catalog: Catalog
    clock: Callable[[], Clock]  # a new clock for each search: now (or --now) in --tz
    detection_dirs: list[Path] = field(default_factory=list)
    data_root: Path | None = None  # where detections' attack data is (spl test --data-root)
    geoip: Path | None = None
    memo: dict = field(default_factory=dict)  # the rows read once, shared by every search
    loaded: Diagnostics = field(default_factory=Diagnostics)  # what reading the data met
    events: int = 0

    def load(self) -> None:
        """Read and enrich every event once (the later searches' Enrich reuses them)."""
        runtime = self.runtime(diagnostics=self.loaded)
        self.events = len(run_prepared(self.prepare("search *"), runtime).rows)

    def prepare(self, text: str, clock: Clock | None = None):
        return prepare(text, self.catalog, clock or self.clock(), pushdown=False)

    def runtime(self, watch: Watch | None = None, clock: Clock | None = None,
                diagnostics: Diagnostics | None = None) -> Runtime:
        """A Runtime for one search over the events read at start."""
        return Runtime(clock=clock or self.clock(), data=self.data, keep_in_memory=True,
                       memo=self.memo, geoip=self.geoip, watch=watch,
                       diagnostics=diagnostics or Diagnostics())

    def detection_path(self, typed: str) -> Path:
        """The file or folder typed in the page, if it lies within a --detections folder."""
        path = Path(typed).expanduser().resolve()
        for folder in self.detection_dirs:
            if path.is_relative_to(folder.resolve()):
                if not path.exists():
                    raise OutsideError(f"{typed}: no such file or folder")
                return path
        named = ", ".join(str(d) for d in self.detection_dirs) or "none"
        raise OutsideError(f"{typed} is not inside a folder given with --detections "
                           f"(given: {named})")
