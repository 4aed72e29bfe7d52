"""outputlookup: write the results to a CSV lookup file, in the folder named by --lookups-out.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/outputlookup
`outputlookup [append=<bool>] [create_empty=<bool>] [override_if_empty=<bool>] [max=<int>]
[key_field=<field>] [allow_updates=<bool>] [createinapp=<bool>] [create_context=<string>]
[output_format=<string>] <filename> | <tablename>`
- "The name of the lookup file. The file must end with .csv or .csv.gz"; a table name without the
  extension names the file `<name>.csv` ("you can use either staff.csv or staff"), as lookup and
  inputlookup find it (engine/lookups.py).
- append (default false): overwrite the file, or "append to an existing csv file if it exists or
  create a file if necessary. If there is an existing file that has a csv header already,
  'outputlookup' adds only the fields that are referenced by that header"; ".gz files cannot be
  appended to" (searchbnf.conf, outputlookup-command).
- With no results: override_if_empty (default true) "deletes the lookup file if it exists", or
  with false keeps it; create_empty (default true) "creates a 0-length file", and create_empty=f
  "does not create a file and the file is deleted if it previously existed". Where the two
  disagree (both false) the file is kept: override_if_empty=false exists to keep it.
- max: the most rows written. The results pass through unchanged.
- output_format: splunk_sv_csv (the default, one value per cell: a multivalue field is written
  with one value per line, as `spl run --format csv` writes it); splunk_mv_csv is not supported.
Where the file goes: Splunk picks an app's or the system's lookups folder (createinapp,
create_context); here there is one place, the folder the user names with `spl run --lookups-out
DIR`, and nowhere else: a name holding `/`, `\\` or `..`, or an absolute path, is an error, so is
a file of that folder that is a link out of it (engine/containment.py, the check lookups are read
through), and without --lookups-out the command stops with an error before it writes anything. createinapp
and create_context are checked and change nothing; key_field (KV store collections) is refused.
Every column of the results is written, internal ones too (the page is silent).
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import IO, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, UnsupportedCommandError, suggestion
from engine import plan
from engine.containment import OutsideFolder, inside
from engine.options import bool_option, int_option, option_map
from engine.output import cell_text
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("append", "create_empty", "override_if_empty", "max", "key_field", "allow_updates",
           "createinapp", "create_context", "output_format")
CONTEXTS = ("app", "user", "system")
FORMATS = ("splunk_sv_csv", "splunk_mv_csv")


@dataclass(frozen=True, kw_only=True)
class Outputlookup(plan.Command):
    """Write the rows to `filename` in the --lookups-out folder (at most `max` of them, 0: all);
    the rows pass on."""

    filename: str
    append: bool = False
    create_empty: bool = True
    override_if_empty: bool = True
    max: int = 0


def bind(node: ast.Outputlookup, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "outputlookup")
    filename = _filename(node)
    append = bool_option(options.get("append"), False)
    if append and filename.endswith(".gz"):
        raise BadArgumentError("outputlookup cannot append to a .gz file", options["append"].span)
    if "key_field" in options:
        raise UnsupportedCommandError("outputlookup key_field= writes KV store collections, "
                                      "which are not written here", options["key_field"].span)
    for name in ("allow_updates", "createinapp"):
        bool_option(options.get(name), True)
    _choice(options.get("create_context"), CONTEXTS)
    if _choice(options.get("output_format"), FORMATS) == "splunk_mv_csv":
        raise UnsupportedCommandError("outputlookup output_format=splunk_mv_csv is not "
                                      "supported yet; multivalue fields are written one value "
                                      "per line", options["output_format"].span)
    return Outputlookup(input=input, command=node, filename=filename, append=append,
                        create_empty=bool_option(options.get("create_empty"), True),
                        override_if_empty=bool_option(options.get("override_if_empty"), True),
                        max=int_option(options.get("max"), 0))


def run(node: Outputlookup, table: Table, runtime: Runtime) -> Table:
    if runtime.lookups_out is None:
        raise BadArgumentError("outputlookup writes lookup files only into the folder named by "
                               "--lookups-out, and none was given", None,
                               f"e.g. spl run --lookups-out lookups_out/ ... to write "
                               f"lookups_out/{node.filename}")
    rows, fields = table.materialize()
    folder = Path(runtime.lookups_out)
    folder.mkdir(parents=True, exist_ok=True)
    try:  # the name is a plain file name (_filename), but the file may be a link out
        path = inside(folder, node.filename, "--lookups-out")
    except OutsideFolder as why:
        raise BadArgumentError(f"outputlookup writes only into the --lookups-out folder: {why}",
                               node.command.name_span) from None
    _write(path, rows[:node.max] if node.max else rows, fields, node)
    return Table(rows, fields)


def _filename(node: ast.Outputlookup) -> str:
    """The file the name writes, inside the --lookups-out folder and nowhere else."""
    name = node.name.strip()
    if not name or "/" in name or "\\" in name or ".." in name or \
            Path(name).is_absolute() or PureWindowsPath(name).drive:
        raise BadArgumentError(f"outputlookup writes a file of the --lookups-out folder, named "
                               f"without a folder: `{node.name}` is not such a name",
                               node.name_span, "e.g. outputlookup seen_users.csv")
    return name if name.endswith((".csv", ".csv.gz")) else name + ".csv"


def _choice(option: ast.Option | None, choices: tuple[str, ...]) -> str | None:
    if option is None:
        return None
    value = option.value.lower()
    if value not in choices:
        raise BadArgumentError(f"`{option.name}` is one of {', '.join(choices)}, not "
                               f"`{option.value}`", option.span, suggestion(value, choices))
    return value


def _write(path: Path, rows: list[Row], fields: list[str], node: Outputlookup) -> None:
    if not rows:
        if node.override_if_empty and not node.append:
            path.unlink(missing_ok=True)
        if node.create_empty and not path.exists():
            path.write_bytes(b"")
        return
    header = _header(path) if node.append else None
    columns = header or fields
    with _open(path, "a" if header else "w") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        if not header:
            writer.writerow(columns)
        writer.writerows([cell_text(row.get(f)) for f in columns] for row in rows)


def _header(path: Path) -> list[str] | None:
    """The columns of an existing lookup file, None when there is none (or it is empty)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with _open(path, "r") as stream:
        return next(csv.reader(stream), None)


def _open(path: Path, mode: str) -> IO[str]:
    if path.name.endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8", newline="")
    return path.open(mode, encoding="utf-8", newline="")
