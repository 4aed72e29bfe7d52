"""Finding lookups by name in the --lookups folders, reading them, and matching rows against them.

A lookup is a table plus the matching rules of its definition. A name resolves, in this order,
to (later folders winning over earlier ones at each step, as with --macros):
1. `<name>` itself when it ends in `.csv` or `.csv.gz` (a lookup file named directly), or
2. a security_content lookup definition: a `*.yml` file whose `name` key is `<name>`, giving
   `filename` (the CSV beside it), `match_type` (`WILDCARD(field)`, `CIDR(field)`),
   `case_sensitive_match`, `max_matches`, `min_matches` and `default_match`;
3. else `<name>.csv` in any folder (a convenience: Splunk itself wants a definition for a name
   without `.csv`, so a definition anywhere comes first).
A definition backed by a file that is not CSV is rejected by name.

KV store lookups: a definition with `collection` (and `fields_list`) instead of `filename` names
a KV store collection, which lives in a Splunk server, not in a file. Its rows are read from the
first of `<collection>.json`, `<collection>.csv`, `<name>.json`, `<name>.csv` found in the
--lookups folders, later folders first. A `.json` file is what Splunk's KV store REST API returns
for `storage/collections/data/<collection>` (a JSON array of objects, each with `_key` and
`_user`; https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTkvstore); a value that
is not a string is written as its JSON text (`3`, `true`), and null is no value. With no such
file the collection is read as an empty table, with a notice. Either way its columns are those of
`fields_list` ("a comma- and space-delimited list of all fields that are supported"; `_key`
only when listed: "Configure KV Store lookups",
https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.1/use-the-configuration-files-to-configure-lookups/configure-kv-store-lookups),
and matching is case-sensitive whatever the definition says (`case_sensitive_match` "does not
apply to KV Store lookups", field matching page below).

CSV files: the first row names the fields. A header written `a, b` names `a` and `b`: Splunk
trims the names (a detection whose lookup has such a header fires in Splunk,
https://github.com/splunk/security_content/issues/3987). Cell values are kept as written: the
lookup docs are silent, and RFC 4180 says "Spaces are considered part of a field and should not
be ignored".

Matching rules ("Add field matching rules to your lookup configuration",
https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.4/use-the-configuration-files-to-configure-lookups/add-field-matching-rules-to-your-lookup-configuration,
and transforms.conf.spec,
https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/9.4/configuration-file-reference/9.4.0-configuration-file-reference/transforms.conf):
- `case_sensitive_match` defaults to true: matching is case-sensitive unless a definition says
  `case_sensitive_match: 'false'` (as most security_content definitions do).
- `max_matches` defaults to 100 ("the first <integer> entries, in file order"); `min_matches`
  defaults to 0, and when fewer rows match, `default_match` (default empty) fills the gap.
- `match_type` lists WILDCARD(field) (the table cell is a `*` pattern) and CIDR(field) (the
  cell is a subnet); other fields match exactly.
Each file is read once and kept while its size and modification time stay the same.

Files of the wrong shape: a lookup name is found only inside a --lookups folder, `..` and
symbolic links followed (engine/containment.py); a name that leads out of it (`../x.csv`,
`/abs/x.csv`, a link inside the folder pointing out) is an error under the name. A file that
cannot be read (a folder, a broken link, not gzip though named `.csv.gz`, malformed CSV or
JSON) is an error naming it, at bind time, before any log is read. No lookup file may hold more
than MAX_LOOKUP_BYTES (decompressed, for `.csv.gz`): a gzip bomb stops there, with an error
naming the file and the cap. A cell may be of any length within that: Splunk's CSV lookup page
limits only the header row (4096 characters) and says nothing of cells ("Configure CSV lookups",
https://help.splunk.com/splunk-cloud-platform/manage-knowledge-objects/knowledge-management-manual/9.3.2408/use-the-configuration-files-to-configure-lookups/configure-csv-lookups).
A `*.yml` of a folder that cannot be read as a definition (not YAML, a folder, a broken link) is
passed over, as other YAML may share the folder; an unknown lookup's error lists those files.
"""

from __future__ import annotations

import csv
import gzip
import io
import ipaddress
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from spl.booleans import boolean
from spl.errors import BadArgumentError, Span, SplError, UnsupportedCommandError, suggestion
from spl.parser import whole_number
from engine.containment import OutsideFolder, inside
from engine.locationpaths import json_text
from engine.matching import wildcard

DEFAULT_MAX_MATCHES = 100
# The most bytes a lookup file may hold (decompressed): security_content's largest lookup is
# 2.2 MB; a table this size already takes about a gigabyte once read into rows.
MAX_LOOKUP_BYTES = 100_000_000
CSV_SUFFIXES = (".csv", ".csv.gz")
_MATCH_TYPE = re.compile(r"\s*(\w+)\s*\(\s*([^)]*?)\s*\)\s*,?")
_FIELDS_LIST = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class LookupTable:
    """The rows of a lookup file; a row holds only its non-empty cells. `path` is None for a KV
    store collection read as an empty table."""

    path: Path | None
    fields: list[str]
    rows: list[dict[str, str]]


@dataclass(frozen=True)
class Definition:
    """A lookup as a search names it: where its rows are and its matching rules. For a KV store
    collection, `columns` is its fields_list (its only columns) and `path` its local rows (None:
    an empty table, which `notice` says)."""

    name: str
    path: Path | None
    case_sensitive: bool = True
    wildcard_fields: frozenset[str] = frozenset()
    cidr_fields: frozenset[str] = frozenset()
    max_matches: int = DEFAULT_MAX_MATCHES
    min_matches: int = 0
    default_match: str = ""
    columns: tuple[str, ...] = ()
    notice: str | None = field(default=None, compare=False, repr=False)

    def table(self) -> LookupTable:
        if self.path is None:
            return LookupTable(None, list(self.columns), [])
        table = read_table(self.path)
        if not self.columns:
            return table
        rows = [{f: row[f] for f in self.columns if f in row} for row in table.rows]
        return LookupTable(table.path, list(self.columns), rows)


def resolve(name: str, folders: list[Path], span: Span) -> Definition:
    """The lookup `name` names in `folders`, its file read (so that a file that cannot be read
    fails here, under the name), or a BadArgumentError with a did-you-mean."""
    definition = _find(name, folders, span)
    try:
        definition.table()
    except SplError as error:
        error.span = error.span or span
        raise
    return definition


def _find(name: str, folders: list[Path], span: Span) -> Definition:
    for folder in reversed(folders):
        found = _in_folder(name, folder, folders, span)
        if found is not None:
            return found
    for folder in reversed(folders):
        path = _file(folder, f"{name}.csv", name, span)
        if path is not None:
            return Definition(name, path)
    known = sorted({n for folder in folders for n in _names(folder)})
    where = "no --lookups folder given" if not folders else "not found in the --lookups folders"
    unreadable = [why for folder in folders for why in _scan(folder)[1]]
    hint = suggestion(name, known) or _listing(known, folders)
    if unreadable:
        hint = "; ".join([*([hint] if hint else []), "passed over: " + "; ".join(unreadable)])
    raise BadArgumentError(f"unknown lookup `{name}` ({where})", span, hint)


def _in_folder(name: str, folder: Path, folders: list[Path], span: Span) -> Definition | None:
    if name.endswith(CSV_SUFFIXES):
        path = _file(folder, name, name, span)
        if path is not None:
            return Definition(name, path)
    spec = _scan(folder)[0].get(name)
    if spec is not None and not spec.get("filename") and spec.get("collection"):
        return _kv_store(name, spec, folders, span)
    if spec is not None:
        return _definition(name, folder, spec, span)
    return None


def _file(folder: Path, filename: str, name: str, span: Span) -> Path | None:
    """The lookup file `filename` of `folder`, resolved; None when the folder has none. A name
    that leads out of the folder, or an entry that is not a file (a folder, a broken link), is
    an error: never a file read from elsewhere, never a silent miss."""
    try:
        path = inside(folder, filename)
    except OutsideFolder as why:
        if why.resolved is None:  # a loop of links, a NUL byte
            raise BadArgumentError(f"lookup `{name}`: {why}", span) from None
        raise BadArgumentError(f"lookup `{name}` leads to {why.resolved}, outside the --lookups "
                               f"folder {folder}", span, _outside_hint(filename, folder)) from None
    if path.is_file():
        return path
    if os.path.lexists(folder / filename):
        raise BadArgumentError(f"lookup `{name}`: {folder / filename} is {_not_a_file(path)}",
                               span)
    return None


def _not_a_file(resolved: Path) -> str:
    """What an entry that is not a file is, by where it leads."""
    if resolved.is_dir():
        return "a folder"
    return f"a link to {resolved}, which does not exist" if not resolved.exists() else \
        "not a file"


def _outside_hint(filename: str, folder: Path) -> str:
    """A lookup of the folder with the name's last part (`../lookups/users.csv`: users.csv)."""
    known = [n for n in _names(folder) if n.endswith(CSV_SUFFIXES)]
    return suggestion(Path(filename).name, known) or "a lookup is named by its file name in a " \
        "--lookups folder, without a folder path (e.g. users.csv)"


def _listing(known: list[str], folders: list[Path]) -> str | None:
    if not known:
        return "the --lookups folders hold no lookup" if folders else \
            "pass a folder of lookups with --lookups DIR"
    return "lookups found: " + ", ".join(known[:20]) + (" ..." if len(known) > 20 else "")


def _names(folder: Path) -> list[str]:
    files = [p.name for p in folder.glob("*") if p.name.endswith(CSV_SUFFIXES) and p.is_file()]
    stems = [n[:-4] for n in files if n.endswith(".csv")]
    return [*_scan(folder)[0], *files, *stems]


# ---- definitions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unreadable:
    """A `*.yml` that is not a lookup definition, and why."""

    why: str


def _scan(folder: Path) -> tuple[dict[str, dict], list[str]]:
    """The lookup definitions of a folder by name (security_content's lookups/*.yml), and the
    `*.yml` files passed over as unreadable, each with why."""
    found: dict[str, dict] = {}
    unreadable: list[str] = []
    for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        try:
            resolved = inside(folder, path.name, "the --lookups folder")
            spec = _cached(resolved, _read_yaml) if resolved.is_file() else \
                _Unreadable(_not_a_file(resolved))
        except (OutsideFolder, OSError) as why:
            spec = _Unreadable(str(why))
        if isinstance(spec, _Unreadable):
            unreadable.append(f"{path} ({spec.why})")
        elif isinstance(spec, dict) and isinstance(spec.get("name"), str):
            found[spec["name"]] = spec
    return found, unreadable


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        return _Unreadable(str(error).splitlines()[0])  # other YAML may share the folder


def _definition(name: str, folder: Path, spec: dict, span: Span) -> Definition:
    filename = spec.get("filename")
    if not filename:
        raise UnsupportedCommandError(f"lookup `{name}` has no `filename` and no KV store "
                                      "`collection`; only CSV and KV store lookups can be read "
                                      "here", span)
    filename = Path(str(filename)).name
    if not filename.endswith(CSV_SUFFIXES):
        raise UnsupportedCommandError(f"lookup `{name}` reads `{filename}`, which is not a CSV "
                                      "file; only CSV lookups can be read here", span)
    path = _file(folder, filename, name, span)
    if path is None:
        raise BadArgumentError(f"lookup `{name}` names the file `{filename}`, which is not in "
                               f"its folder", span)
    wildcards, cidrs = _match_types(name, str(spec.get("match_type") or ""), span)
    return Definition(name, path, _flag(spec.get("case_sensitive_match"), True),
                      wildcards, cidrs, _count(spec, "max_matches", DEFAULT_MAX_MATCHES, span),
                      _count(spec, "min_matches", 0, span), str(spec.get("default_match") or ""))


def _kv_store(name: str, spec: dict, folders: list[Path], span: Span) -> Definition:
    """A KV store definition: its rows from the first local file for the collection (see the
    module's docstring), or none; its columns from fields_list; case-sensitive matching."""
    collection = str(spec["collection"])
    columns = tuple(f for f in _FIELDS_LIST.split(str(spec.get("fields_list") or "")) if f)
    if not columns:
        raise BadArgumentError(f"lookup `{name}` is the KV store collection `{collection}` but "
                               "has no `fields_list`, so its fields are unknown", span,
                               "add `fields_list: _key, field1, field2` to its definition")
    wildcards, cidrs = _match_types(name, str(spec.get("match_type") or ""), span)
    names = [f"{stem}{suffix}" for stem in dict.fromkeys([collection, name])
             for suffix in (".json", ".csv")]
    path = next((found for folder in reversed(folders) for n in names
                 if (found := _file(folder, n, name, span)) is not None), None)
    notice = None
    if path is None:
        notice = (f"lookup `{name}` is the KV store collection `{collection}`, which is not "
                  f"here: read as an empty table of {', '.join(columns)}; put its rows in "
                  f"{names[0]} or {names[1]} in a --lookups folder")
    return Definition(name, path, True, wildcards, cidrs,
                      _count(spec, "max_matches", DEFAULT_MAX_MATCHES, span),
                      _count(spec, "min_matches", 0, span), str(spec.get("default_match") or ""),
                      columns, notice)


def _match_types(name: str, text: str, span: Span) -> tuple[frozenset[str], frozenset[str]]:
    """`WILDCARD(a), CIDR(b)` as the WILDCARD fields and the CIDR fields."""
    kinds: dict[str, set[str]] = {"WILDCARD": set(), "CIDR": set(), "EXACT": set()}
    position = 0
    while position < len(text.rstrip()):
        match = _MATCH_TYPE.match(text, position)
        if match is None or match.group(1).upper() not in kinds:
            raise BadArgumentError(f"lookup `{name}` has a match_type it cannot read: `{text}`",
                                   span, "write it as WILDCARD(field) or CIDR(field), "
                                   "comma-separated")
        kinds[match.group(1).upper()].add(match.group(2))
        position = match.end()
    return frozenset(kinds["WILDCARD"]), frozenset(kinds["CIDR"])


def _flag(value: object, default: bool) -> bool:
    """A definition's true/false setting; anything but a true spelling is false, as before."""
    if value is None:
        return default
    return boolean(value) is True


def _count(spec: dict, key: str, default: int, span: Span) -> int:
    value = spec.get(key)
    if value is None:
        return default
    number = whole_number(str(value).strip())
    if number is None or number < 0:
        raise BadArgumentError(f"lookup `{spec.get('name')}` has `{key}: {value}`, not a whole "
                               "number", span)
    return number


# ---- reading CSV files --------------------------------------------------------------------------

_CACHE: dict[Path, tuple[tuple[int, int], object]] = {}


def _cached(path: Path, read: Callable[[Path], object]) -> object:
    """`read(path)`, computed once while the file's size and modification time stay the same."""
    stat = path.stat()
    stamp = (stat.st_size, stat.st_mtime_ns)
    key = path.resolve()
    if key not in _CACHE or _CACHE[key][0] != stamp:
        _CACHE[key] = (stamp, read(path))
    return _CACHE[key][1]


def read_table(path: Path) -> LookupTable:
    """The lookup file at `path` (CSV, gzipped CSV, or a KV store collection's JSON export),
    read once per version of the file."""
    return _cached(path, _read_json if path.name.endswith(".json") else _read_csv)


def _read_csv(path: Path) -> LookupTable:
    text = _bytes(path).decode("utf-8-sig", errors="replace")
    # A cell may be as long as the file (see the module's docstring); the csv module, which
    # reads any text without strict=True, then has nothing left to refuse.
    csv.field_size_limit(MAX_LOOKUP_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]  # `a, b` names `a` and `b`
    rows = [{name: cell for name, cell in zip(header, cells) if cell != ""} for cells in reader
            if cells]
    return LookupTable(path, header, rows)


def _read_json(path: Path) -> LookupTable:
    """A KV store collection as its REST API exports it: a JSON array of objects."""
    try:
        records = json.loads(_bytes(path).decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise BadArgumentError(f"lookup file `{path.name}` is not JSON: {error}") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise BadArgumentError(f"lookup file `{path.name}` is not a JSON array of objects, as "
                               "the KV store REST API exports a collection")
    rows = [{key: json_text(value) for key, value in record.items()
             if value is not None and value != ""} for record in records]
    fields = list(dict.fromkeys(key for record in records for key in record))
    return LookupTable(path, fields, rows)


def _bytes(path: Path) -> bytes:
    """The content of a lookup file, decompressed when it is named `.gz`, at most
    MAX_LOOKUP_BYTES of it (a gzip bomb stops there)."""
    compressed = path.name.endswith(".gz")
    try:
        with path.open("rb") as stream:
            data = (gzip.GzipFile(fileobj=stream) if compressed else stream) \
                .read(MAX_LOOKUP_BYTES + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise BadArgumentError(f"lookup file {path} is named .gz but is not gzip data that "
                               f"can be read: {error}") from None
    except OSError as error:
        raise BadArgumentError(f"cannot read lookup file {path}: {error.strerror or error}") \
            from None
    if len(data) > MAX_LOOKUP_BYTES:
        raise BadArgumentError(f"lookup file {path} holds more than {MAX_LOOKUP_BYTES:,} bytes"
                               f"{' once decompressed' if compressed else ''}, the most a "
                               "lookup may hold here")
    return data


# ---- matching ----------------------------------------------------------------------------------


@dataclass
class Matcher:
    """Finds the rows of a lookup that match given values of its match fields."""

    definition: Definition
    fields: tuple[str, ...]  # the lookup's match fields, in the order values are given
    _index: dict[tuple, list[dict[str, str]]] = field(init=False, repr=False)
    _exact: tuple[int, ...] = field(init=False, repr=False)
    _tests: list[tuple[int, str, Callable]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        d = self.definition
        special = d.wildcard_fields | d.cidr_fields
        self._exact = tuple(i for i, f in enumerate(self.fields) if f not in special)
        self._tests = [(i, f, _cidr_test if f in d.cidr_fields else self._wildcard_test)
                       for i, f in enumerate(self.fields) if f in special]
        self._index = {}
        for row in d.table().rows:
            key = tuple(self._fold(row.get(self.fields[i])) for i in self._exact)
            if None not in key:
                self._index.setdefault(key, []).append(row)

    def rows(self, values: tuple[str, ...]) -> list[dict[str, str]]:
        """The matching rows in file order, at most max_matches of them."""
        key = tuple(self._fold(values[i]) for i in self._exact)
        found = [row for row in self._index.get(key, ())
                 if all(_cell_matches(row.get(f), values[i], test) for i, f, test in self._tests)]
        return found[:self.definition.max_matches]

    def _fold(self, text: str | None) -> str | None:
        if text is None or self.definition.case_sensitive:
            return text
        return text.lower()

    def _wildcard_test(self, pattern: str, value: str) -> bool:
        return wildcard(pattern, self.definition.case_sensitive)(value)


def _cell_matches(cell: str | None, value: str, test: Callable[[str, str], bool]) -> bool:
    return cell is not None and test(cell, value)


def _cidr_test(cell: str, value: str) -> bool:
    """A CIDR(field) cell: the value is an address inside the cell's subnet (or equals it)."""
    try:
        return ipaddress.ip_address(value.strip()) in ipaddress.ip_network(cell.strip(),
                                                                            strict=False)
    except ValueError:
        return cell == value
