"""extract (alias kv): key=value pairs of `_raw` as fields.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/extract
(auto= from https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/extract)
`extract [<extract-options>...] [<extractor-name>...]`, "The alias for the extract command is kv".
- "Extracts field-value pairs from the search results. The extract command works only on the _raw
  field."
- kvdelim: "A list of character delimiters that separate the key from the value. If the delimiter
  appears in the value, that value is not extracted" (`Referer: https://buttercupgames.com` with
  kvdelim=":" gives nothing); pairdelim likewise separates the pairs: in `extract pairdelim="|;"
  kvdelim="=:"` "The delimiters are individual characters".
- limit (default 50): "how many automatic key-value pairs to extract".
- clean_keys: "Specifies whether to clean keys. Overrides CLEAN_KEYS in the transforms.conf
  file"; transforms.conf's CLEAN_KEYS (default true) replaces each character of a key that is not
  a letter or digit with an underscore and strips leading underscores and digits.
- auto=f (10.0): "not to perform automatic key-value field extraction by default on the _raw
  field for that specific search".
- <extractor-name>: "A stanza in the transforms.conf file". The source knowledge here has no
  transforms.conf, so naming one is an error.
- maxchars, mv_add, reload and segment are the page's other options. As transforms.conf and
  limits.conf define them: maxchars (default 10240) is how many characters of `_raw` are read;
  mv_add (default false) says whether a key met again, or already a field of the row, gains the
  new value as a further value (with false the value found first, or the row's own, stays).
  reload (re-read the configuration files) and segment (note where the pairs are, for the
  display) change no row here; they are checked and dropped.
Choices where the page is silent: without pairdelim and kvdelim, automatic extraction finds
`key=value`, `key="quoted value"` and `key='quoted value'` wherever a key starts (a letter or
underscore, then letters, digits, `_`, `.`, `:` or `-`), a bare value running to the next space,
comma, semicolon or quote;
with only one of them given, the other is white space (pairdelim) or `=` (kvdelim); keys and
values are trimmed of spaces, values of surrounding double quotes; an empty key or value gives
nothing; a multivalue `_raw` is read value by value.
Binds to an Extract node holding the parsed settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import UnsupportedCommandError
from engine import plan
from engine.options import bool_option, int_option, option_map
from engine.table import Row, Table
from engine.values import Scalar, multivalue, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("auto", "clean_keys", "kvdelim", "limit", "maxchars", "mv_add", "pairdelim", "reload",
           "segment")
DEFAULT_LIMIT = 50
DEFAULT_MAXCHARS = 10240
WHITE_SPACE = " \t\r\n"
_AUTOMATIC = re.compile(r"(?<![\w.:-])([A-Za-z_][\w.:-]*)=(?:\"([^\"]*)\"|'([^']*)'|([^\s,;\"']*))")
_UNCLEAN = re.compile(r"[^A-Za-z0-9]")


@dataclass(frozen=True, kw_only=True)
class Extract(plan.Command):
    """The pairs of `_raw`: found automatically when `pairdelim` and `kvdelim` are empty (and
    `automatic` holds), else split on those characters."""

    pairdelim: str = ""
    kvdelim: str = ""
    automatic: bool = True
    clean_keys: bool = True
    limit: int = DEFAULT_LIMIT
    maxchars: int = DEFAULT_MAXCHARS
    mv_add: bool = False

    def needs(self, after: plan.Needed) -> plan.Needed:
        # A key is set only on the rows whose text holds it; every other field passes through.
        return plan.also(after, {"_raw"})

    def pairs(self, text: str) -> list[tuple[str, str]]:
        """The (key, value) pairs of one text, keys cleaned, at most `limit` of them."""
        text = text[:self.maxchars]
        if self.pairdelim or self.kvdelim:
            found = self._delimited(text)
        elif self.automatic:
            found = [(m.group(1), next(v for v in m.groups()[1:] if v is not None))
                     for m in _AUTOMATIC.finditer(text)]
        else:
            found = []
        pairs = [(self._key(key), value) for key, value in found]
        return [(key, value) for key, value in pairs if key and value][:self.limit]

    def _delimited(self, text: str) -> list[tuple[str, str]]:
        pairdelim, kvdelim = self.pairdelim or WHITE_SPACE, self.kvdelim or "="
        found = []
        for piece in re.split("[" + re.escape(pairdelim) + "]", text):
            at = next((i for i, char in enumerate(piece) if char in kvdelim), None)
            if at is None:
                continue
            key, value = piece[:at].strip(), piece[at + 1:].strip()
            if not any(char in kvdelim for char in value):
                found.append((key, _unquoted(value)))
        return found

    def _key(self, key: str) -> str:
        return _UNCLEAN.sub("_", key).lstrip("_0123456789") if self.clean_keys else key


def bind(node: ast.Extract, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "extract")
    if node.extractors:
        raise UnsupportedCommandError(
            f"extract `{node.extractors[0]}` names a transforms.conf stanza, and the source "
            "knowledge here has no transforms.conf", node.span,
            "use extract's options (pairdelim=, kvdelim=) or rex to say what to extract")
    for name in ("reload", "segment"):
        bool_option(options.get(name), False)
    return Extract(
        input=input, command=node,
        pairdelim=options["pairdelim"].value if "pairdelim" in options else "",
        kvdelim=options["kvdelim"].value if "kvdelim" in options else "",
        automatic=bool_option(options.get("auto"), True),
        clean_keys=bool_option(options.get("clean_keys"), True),
        limit=int_option(options.get("limit"), DEFAULT_LIMIT),
        maxchars=int_option(options.get("maxchars"), DEFAULT_MAXCHARS),
        mv_add=bool_option(options.get("mv_add"), False))


def run(node: Extract, table: Table, runtime: Runtime) -> Table:
    return Table(_extract(row, node) for row in table.rows)


def _unquoted(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def _extract(row: Row, node: Extract) -> Row:
    found: dict[str, list[Scalar]] = {}
    for raw in values_of(row.get("_raw")):
        for key, value in node.pairs(to_text(raw)):
            if key in found and not node.mv_add:
                continue
            found.setdefault(key, []).append(value)
    if not found:
        return row
    extracted = dict(row)
    for key, values in found.items():
        if key not in row:
            extracted[key] = multivalue(values)
        elif node.mv_add:
            extracted[key] = multivalue([*values_of(row[key]), *values])
    return extracted
