"""What binding may consult: data models, source knowledge, macros and lookup folders.

Binding reads nothing else, and no events: a search is checked against the catalog before any
log is opened, so a misspelt dataset or lookup fails at once with a caret and a did-you-mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spl.macros import MacroLibrary
from spl.shipped import shipped_dir
from engine.datamodels import DataModels
from engine.knowledge import SourceKnowledge
from engine.store import StoreSource


@dataclass(frozen=True)
class Catalog:
    datamodels: DataModels
    knowledge: SourceKnowledge
    macros: MacroLibrary
    lookups: tuple[Path, ...] = ()  # folders lookups are found in, by name; later ones win
    store: StoreSource | None = None  # the event store searches read instead of log files

    @classmethod
    def load(cls, macro_dirs: tuple[Path, ...] | list[Path] = (),
             lookups: tuple[Path, ...] | list[Path] = (),
             store: StoreSource | None = None) -> Catalog:
        """The shipped data models, knowledge and macros, then the user's macro folders (later
        definitions win) and lookup folders; events from `store` when given."""
        datamodels, knowledge = shipped_models()
        return cls(datamodels, knowledge, load_macros(macro_dirs), tuple(lookups), store)


def load_macros(extra_dirs: tuple[Path, ...] | list[Path] = ()) -> MacroLibrary:
    """The shipped macros, then each of `extra_dirs`; later definitions win."""
    return MacroLibrary.load([shipped_dir("macros"), *extra_dirs])


@cache
def shipped_models() -> tuple[DataModels, SourceKnowledge]:
    """The shipped data models and source knowledge, read once per process (neither changes)."""
    folder = shipped_dir("datamodels")
    return DataModels.load(folder), SourceKnowledge.load(folder)
