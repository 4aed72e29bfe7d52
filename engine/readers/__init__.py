"""Readers turn a log file into events: dicts of field name -> value, `_time` in epoch seconds.

Each reader streams its file and reports broken records to the run's diagnostics instead of
stopping. Three formats are read, and the same Windows event gives the same fields in each (all
but `_raw`, which is the record as the format holds it):

- `xml`: Splunk's XmlWinEventLog export, one `<Event>` document per line (xmlwineventlog.py);
- `evtx`: Windows event log files (evtx.py);
- `json`: Splunk's JSON export, Winlogbeat/Elastic documents, the evtx tools' JSON (jsonlines.py).

The format is told from the file's first bytes (see `detect_format`) unless the caller forces it.
A folder stands for every file under it, and a glob pattern for the files it matches (see
`expand_inputs`).
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Callable, Iterable, Iterator

from engine.diagnostics import Diagnostics
from engine.pushdown import RecordFilter
from engine.readers.encoding import first_text
from engine.readers.evtx import MAGIC as _EVTX_MAGIC
from engine.readers.evtx import read_evtx
from engine.readers.jsonlines import read_jsonlines
from engine.readers.xmlwineventlog import read_stream, read_xmlwineventlog

Reader = Callable[[Path, Diagnostics, "RecordFilter | None"], Iterator[dict[str, object]]]
READERS: dict[str, Reader] = {"xml": read_xmlwineventlog, "evtx": read_evtx, "json": read_jsonlines}
FORMATS = ("auto", *READERS)  # the choices of --format-in
_GLOB_CHARS = frozenset("*?[")


def read_events(path: Path, diagnostics: Diagnostics, records: RecordFilter | None = None,
                format_in: str = "auto") -> Iterator[dict[str, object]]:
    """The events of one log file (or of every file a folder or glob pattern stands for), read
    lazily by the reader for its format: `format_in` names it, or "auto" tells it from each
    file's content. Readers skip, unparsed, records whose bytes `records` rejects (see
    engine.pushdown)."""
    if format_in not in FORMATS:
        raise ValueError(f"unknown input format {format_in!r} (known: {', '.join(FORMATS)})")
    for file in expand_inputs([path]):
        chosen = detect_format(file) if format_in == "auto" else format_in
        yield from READERS[chosen](file, diagnostics, records)


def read_part(file: Path, start: int | None, stop: int | None, diagnostics: Diagnostics,
              records: RecordFilter | None = None,
              format_in: str = "auto") -> Iterator[dict[str, object]]:
    """The events of one file, or of its bytes [start, stop) when both are given (an XML file
    cut at record start tags, as engine/parallel.py cuts it; problems are then reported at lines
    counted from `start`)."""
    if start is None or stop is None:
        yield from read_events(file, diagnostics, records, format_in)
        return
    with file.open("rb") as stream:
        stream.seek(start)
        yield from read_stream(stream, str(file), diagnostics, records, stop=stop)


def detect_format(path: Path) -> str:
    """"evtx" for a file starting with the EVTX signature `ElfFile\\0`; otherwise by the first
    character that is not blank (nor a byte order mark; UTF-16 text is read as such, see
    engine.readers.encoding): "json" for `{` or `[`, and "xml" for anything else (`<` in a good
    file; the XML reader reports what else it finds)."""
    with path.open("rb") as stream:
        if stream.read(len(_EVTX_MAGIC)) == _EVTX_MAGIC:
            return "evtx"
    return "json" if first_text(path)[:1] in (b"{", b"[") else "xml"


def expand_inputs(paths: Iterable[Path | str]) -> list[Path]:
    """The files the given paths stand for, in order and each once: a file is itself, a folder
    every file under it (recursively, in sorted order, leaving out hidden ones: names starting
    with "."), and a path holding `*`, `?` or `[` that is not itself an existing file every file
    it matches (sorted; `**` spans folders). Raises FileNotFoundError for a path that is none of
    these, or a pattern that matches no file."""
    files: dict[Path, None] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = _files_under(path)
        elif path.exists() or not _GLOB_CHARS & set(str(path)):
            if not path.exists():
                raise FileNotFoundError(f"{path}: no such file or folder")
            found = [path]
        else:
            found = [file for match in sorted(glob.glob(str(path), recursive=True))
                     for file in (_files_under(Path(match)) if Path(match).is_dir()
                                  else [Path(match)])]
            if not found:
                raise FileNotFoundError(f"{path}: no file matches")
        files.update(dict.fromkeys(found))
    return list(files)


def _files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*")
                  if path.is_file() and not any(part.startswith(".")
                                                for part in path.relative_to(folder).parts))
