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
"""

from __future__ import annotations

import csv
import gzip
import io
import ipaddress
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from spl.booleans import boolean
from spl.errors import BadArgumentError, Span, UnsupportedCommandError, suggestion
from engine.locationpaths import json_text
from engine.matching import wildcard

DEFAULT_MAX_MATCHES = 100
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
    """The lookup `name` names in `folders`, or a BadArgumentError with a did-you-mean."""
    for folder in reversed(folders):
        found = _in_folder(name, folder, folders, span)
        if found is not None:
            return found
    for folder in reversed(folders):
        if (folder / f"{name}.csv").is_file():
            return Definition(name, folder / f"{name}.csv")
    known = sorted({n for folder in folders for n in _names(folder)})
    where = "no --lookups folder given" if not folders else "not found in the --lookups folders"
    raise BadArgumentError(f"unknown lookup `{name}` ({where})", span,
                           suggestion(name, known) or _listing(known))


def _in_folder(name: str, folder: Path, folders: list[Path], span: Span) -> Definition | None:
    if name.endswith(CSV_SUFFIXES) and (folder / name).is_file():
        return Definition(name, folder / name)
    spec = _definitions(folder).get(name)
    if spec is not None and not spec.get("filename") and spec.get("collection"):
        return _kv_store(name, spec, folders, span)
    if spec is not None:
        return _definition(name, folder, spec, span)
    return None


def _listing(known: list[str]) -> str | None:
    if not known:
        return "pass a folder of lookups with --lookups DIR"
    return "lookups found: " + ", ".join(known[:20]) + (" ..." if len(known) > 20 else "")


def _names(folder: Path) -> list[str]:
    files = [p.name for p in folder.glob("*") if p.name.endswith(CSV_SUFFIXES)]
    stems = [n[:-4] for n in files if n.endswith(".csv")]
    return [*_definitions(folder), *files, *stems]


# ---- definitions --------------------------------------------------------------------------------


def _definitions(folder: Path) -> dict[str, dict]:
    """The lookup definitions of a folder by name (security_content's lookups/*.yml)."""
    found: dict[str, dict] = {}
    for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        spec = _cached(path, _read_yaml)
        if isinstance(spec, dict) and isinstance(spec.get("name"), str):
            found[spec["name"]] = spec
    return found


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None  # not a lookup definition: other YAML may share the folder


def _definition(name: str, folder: Path, spec: dict, span: Span) -> Definition:
    filename = spec.get("filename")
    if not filename:
        raise UnsupportedCommandError(f"lookup `{name}` has no `filename` and no KV store "
                                      "`collection`; only CSV and KV store lookups can be read "
                                      "here", span)
    path = folder / Path(str(filename)).name
    if not path.name.endswith(CSV_SUFFIXES):
        raise UnsupportedCommandError(f"lookup `{name}` reads `{path.name}`, which is not a CSV "
                                      "file; only CSV lookups can be read here", span)
    if not path.is_file():
        raise BadArgumentError(f"lookup `{name}` names the file `{path.name}`, which is not in "
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
    path = next((folder / n for folder in reversed(folders) for n in names
                 if (folder / n).is_file()), None)
    notice = None
    if path is None:
        notice = (f"lookup `{name}` is the KV store collection `{collection}`, which is not "
                  f"here: read as an empty table of {', '.join(columns)}; put its rows in "
                  f"{names[0]} or {names[1]} in a --lookups folder")
    else:
        read_table(path)  # a file that cannot be read is a mistake reported at bind time
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
    text = str(value).strip()
    if not text.isdigit():
        raise BadArgumentError(f"lookup `{spec.get('name')}` has `{key}: {value}`, not a whole "
                               "number", span)
    return int(text)


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
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"), newline=""))
    header = [name.strip() for name in next(reader, [])]  # `a, b` names `a` and `b`
    rows = [{name: cell for name, cell in zip(header, cells) if cell != ""} for cells in reader
            if cells]
    return LookupTable(path, header, rows)


def _read_json(path: Path) -> LookupTable:
    """A KV store collection as its REST API exports it: a JSON array of objects."""
    try:
        records = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BadArgumentError(f"lookup file `{path.name}` is not JSON: {error}") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise BadArgumentError(f"lookup file `{path.name}` is not a JSON array of objects, as "
                               "the KV store REST API exports a collection")
    rows = [{key: json_text(value) for key, value in record.items()
             if value is not None and value != ""} for record in records]
    fields = list(dict.fromkeys(key for record in records for key in record))
    return LookupTable(path, fields, rows)


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
