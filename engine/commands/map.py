"""map: run a search once for each input row, with the row's values written into it.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/map
`map (search="<search>" | <saved search>) [maxsearches=<int>]`
- "a looping operator that runs a search repeatedly for each input event or result"; for each
  row, "takes the field-values from that result and substitutes their value for the $variable$
  in the search argument" (searchbnf.conf, map-command). `$_serial_id$` is the "1-based serial
  number within map of the search being executed".
- "The value of variables surrounded in quotes (e.g. text="$_raw$") will be quote escaped": in a
  double-quoted string, the value's `"` and `\\` are escaped.
- maxsearches (default 10): "The maximum number of searches to run. A message is generated if
  there are more search results than the maximum", and "Zero (0) does not equate to unlimited
  searches".
- The results are those of every search, one after another.
Each search is what a search typed by the user is: prepared by engine.runner.prepare (its macros
expanded from the catalog — a macro inside the quoted search="..." is not expanded with the outer
search, as macros in quoted strings never are —, parsed, bound and rewritten) on the catalog and
clock the outer search was bound on (the Binder, kept in the plan node), and run by the executor. The search is
checked when the outer search is bound, with each $variable$ standing in as `1`, so that a
mistake in it shows before any event is read; a mistake that only the real values make shows
when its row runs, under the search="..." option.
Choices where the page is silent: a row that lacks a field the search names runs no search (a
notice says so); a multivalue field is written as its values separated by spaces. Not supported:
saved searches (there are none here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, Span, SplError, UnsupportedCommandError
from engine import plan
from engine.executor import execute
from engine.options import int_option, option_map
from engine.runner import prepare
from engine.table import Row, Table
from engine.values import to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("search", "maxsearches")
DEFAULT_MAXSEARCHES = 10
SERIAL = "_serial_id"
_PIECES = re.compile(r'(\\.|"|\$[^$\s"]+\$)')  # an escape, a quote, or a $variable$
_VARIABLE = re.compile(r'\$([^$\s"]+)\$')


@dataclass(frozen=True, kw_only=True)
class Map(plan.Command):
    """Run `template`, its $variables$ filled from each of the first `maxsearches` rows."""

    template: str
    maxsearches: int = DEFAULT_MAXSEARCHES
    binder: Binder = field(compare=False, repr=False)
    search_span: Span | None = field(default=None, compare=False, repr=False)

    def label(self) -> str:
        return f"Map search={self.template!r} maxsearches={self.maxsearches}"


def bind(node: ast.Map, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "map")
    if node.saved_search is not None:
        raise UnsupportedCommandError(f"map runs a search written search=\"...\" here; saved "
                                      f"searches such as `{node.saved_search}` are not "
                                      "available", node.span)
    if "search" not in options:
        raise BadArgumentError("map needs the search to run, e.g. "
                               "map search=\"search host=$host$\"", node.span)
    search = options["search"]
    maxsearches = int_option(options.get("maxsearches"), DEFAULT_MAXSEARCHES)
    try:
        _prepare(substituted(search.value, lambda name: "1"), binder)
    except SplError as error:
        raise _under(error, search.span, search.value) from None
    return Map(input=input, command=node, template=search.value, maxsearches=maxsearches,
               binder=binder, search_span=search.span)


def run(node: Map, table: Table, runtime: Runtime) -> Table:
    rows, _ = table.materialize()
    if len(rows) > node.maxsearches:
        runtime.diagnostics.notice(f"map: {len(rows)} rows came in; only the first "
                                   f"{node.maxsearches} searches ran (maxsearches="
                                   f"{node.maxsearches})")
    found: list[Row] = []
    fields: dict[str, None] = {}
    for serial, row in enumerate(rows[:node.maxsearches], 1):
        text = substituted(node.template, lambda name: _value(row, name, serial))
        if text is None:
            runtime.diagnostics.notice("map: a row lacks a field its search names, so no "
                                       "search ran for it")
            continue
        try:
            result = execute(_prepare(text, node.binder, runtime), runtime)
            out_rows, out_fields = result.materialize()
        except SplError as error:
            raise _under(error, node.search_span, text) from None
        found += out_rows
        fields.update(dict.fromkeys(out_fields))
    return Table(found, list(fields))


def substituted(template: str, value_of: Callable[[str], str | None]) -> str | None:
    """`template` with each `$name$` replaced by `value_of(name)` (escaped inside double
    quotes); None when a name has no value."""
    out, quoted = [], False
    for piece in _PIECES.split(template):
        variable = _VARIABLE.fullmatch(piece)
        if piece == '"':
            quoted = not quoted
        elif variable:
            value = value_of(variable.group(1))
            if value is None:
                return None
            piece = value.replace("\\", "\\\\").replace('"', '\\"') if quoted else value
        out.append(piece)
    return "".join(out)


def _value(row: Row, name: str, serial: int) -> str | None:
    if name == SERIAL:
        return str(serial)
    values = values_of(row.get(name))
    return " ".join(to_text(v) for v in values) if values else None


def _prepare(text: str, binder: Binder, runtime: Runtime | None = None) -> plan.Node:
    """The plan of one of map's searches, prepared as the runner prepares the user's: its
    binding notices go to the outer search's when it is bound, its macro notices to the run's
    when it runs."""
    prepared = prepare(text, binder.catalog, binder.clock)
    if runtime is None:
        for message in prepared.notices:
            binder.notice(message)
    else:
        for message in prepared.expansion.notices:
            runtime.diagnostics.notice(message)
    return prepared.plan


def _under(error: SplError, span: Span | None, search: str) -> SplError:
    """The error, said of map's search and placed under its option in the user's text (its own
    span points into the search, which the user did not write as such)."""
    return type(error)(f'in map\'s search "{search}": {error.message}', span, error.hint)
