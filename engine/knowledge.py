"""Source knowledge: what an add-on's props.conf, eventtypes.conf and tags.conf do to an event.

These files live in `datamodels/<add-on>/` and are plain Splunk configuration, so a user teaches the
tool a new log source by writing configuration, not Python. At search time, Splunk applies, in
order: field aliases (FIELDALIAS-), calculated fields (EVAL-, each computed from the event as it
was before any EVAL, so they cannot see each other), then event types (searches) and their tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spl import ast
from spl.conf import read_conf
from spl.errors import SplError
from spl.parser import cached_expression, parse
from engine.expressions import field_value
from engine.functions import check_calls
from engine.matching import Predicate, compile_search, search_fields, wildcard
from engine.pushdown import Origins, origins
from engine.table import Row
from engine.values import Value


@dataclass
class Props:
    """The FIELDALIAS- and EVAL- settings of one props.conf stanza.

    EVAL- expressions are kept as written and parsed when first used (`expression`)."""

    aliases: list[tuple[str, str]] = field(default_factory=list)
    eval_texts: dict[str, str] = field(default_factory=dict)  # EVAL-<field> = <expression>
    path: Path = Path("props.conf")  # the file they are in, for error messages
    _parsed: dict[str, ast.Expr] = field(default_factory=dict, init=False, repr=False,
                                         compare=False)

    @property
    def evals(self) -> list[tuple[str, ast.Expr]]:
        """Every EVAL- as (field, parsed expression), in the order of the file."""
        return [(name, self.expression(name)) for name in self.eval_texts]

    def expression(self, name: str) -> ast.Expr:
        """The parsed expression of EVAL-`name`, parsed on first use."""
        expr = self._parsed.get(name)
        if expr is None:
            expr = _expression(self.eval_texts[name], f"EVAL-{name}", self.path)
            self._parsed[name] = expr
        return expr

    def defines(self, name: str) -> bool:
        return any(t == name for _, t in self.aliases) or name in self.eval_texts

    def origins(self, name: str) -> Origins:
        """Where this stanza's value of `name` comes from: an EVAL sees the event after the
        aliases, an alias copies a field of the record."""
        if name in self.eval_texts:
            return origins(self.expression(name), self._aliased)
        return frozenset() if not self.defines(name) else self._aliased(name)

    def _aliased(self, name: str) -> Origins:
        if name in NOT_FROM_TEXT:
            return None
        sources = [source for source, target in self.aliases if target == name]
        return frozenset({("raw", sources[-1] if sources else name)})


@dataclass
class SourceKnowledge:
    """The add-ons' settings, read from their .conf files at load; their EVAL- expressions and
    event type searches are parsed when first used."""

    props: dict[str, Props] = field(default_factory=dict)
    eventtype_searches: dict[str, str] = field(default_factory=dict)  # as written, by name
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The stanzas that apply to each (source, sourcetype) seen: found once, not per event.
    _stanza_cache: dict[tuple[str, str], list[Props]] = field(default_factory=dict, repr=False)
    # The event type searches compiled, and the fields they read: on first use.
    _compiled: tuple[dict[str, Predicate], set[str]] | None = field(default=None, init=False,
                                                                   repr=False)

    @classmethod
    def load(cls, root: Path) -> SourceKnowledge:
        """Every add-on folder under `root` (each may hold props, eventtypes and tags .conf)."""
        knowledge = cls()
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            knowledge._load_addon(folder)
        return knowledge

    @property
    def eventtypes(self) -> dict[str, Predicate]:
        """Each event type's search as a test on an event."""
        return self._eventtypes()[0]

    @property
    def eventtype_fields(self) -> set[str]:
        """The fields the event types' searches read."""
        return self._eventtypes()[1]

    def _eventtypes(self) -> tuple[dict[str, Predicate], set[str]]:
        if self._compiled is None:
            predicates: dict[str, Predicate] = {}
            fields: set[str] = set()
            for name, search in self.eventtype_searches.items():
                expr = _search_expr(search, name)
                predicates[name] = compile_search(expr)
                fields |= search_fields(expr)
            self._compiled = predicates, fields
        return self._compiled

    def _load_addon(self, folder: Path) -> None:
        if (folder / "props.conf").exists():
            for stanza, settings in read_conf(folder / "props.conf").items():
                self.props[stanza] = _props(settings, folder / "props.conf")
        if (folder / "eventtypes.conf").exists():
            for name, settings in read_conf(folder / "eventtypes.conf").items():
                self.eventtype_searches[name] = settings["search"]
                self._compiled = None
        if (folder / "tags.conf").exists():
            for stanza, settings in read_conf(folder / "tags.conf").items():
                enabled = tuple(t for t, state in settings.items() if state == "enabled")
                self.tags[stanza.removeprefix("eventtype=")] = enabled

    def enrich(self, event: Row, fields: frozenset[str] | None = None) -> Row:
        """The event with its add-on's aliases, calculated fields (only those in `fields`, when
        given: the others are not needed), event types and tags."""
        for stanza in self._stanzas_for(event):
            _apply_props(stanza, event, fields)
        types = sorted(name for name, matches in self.eventtypes.items() if matches(event))
        if types:
            event["eventtype"] = types[0] if len(types) == 1 else tuple(types)
            tags = sorted({t for name in types for t in self.tags.get(name, ())})
            if tags:
                event["tag"] = tags[0] if len(tags) == 1 else tuple(tags)
        return event

    def tag_condition(self, tags: set[str]) -> ast.SearchExpr | None:
        """A search that every raw event, before enrichment, passes if it is to get each of
        `tags`: for each tag, the OR of the event types' searches that give it (none gives it:
        nothing passes). None when the event types read fields that the add-on computes (then
        they can only run after enrichment)."""
        if not tags or self.eventtype_fields & self.computed_fields():
            return None
        givers = [ast.Or(tuple(_search_expr(self.eventtype_searches[name], name)
                               for name, given in sorted(self.tags.items())
                               if tag in given and name in self.eventtype_searches))
                  for tag in sorted(tags)]
        return givers[0] if len(givers) == 1 else ast.And(tuple(givers))

    def computed_fields(self) -> set[str]:
        """The fields enrichment sets: alias targets, EVAL outputs, event types and tags."""
        return {"eventtype", "tag"} | {name for props in self.props.values()
                for name in [t for _, t in props.aliases] + list(props.eval_texts)}

    def origins(self, name: str) -> Origins:
        """Where an event's field can come from (see engine.pushdown): copied from the record,
        or a constant; None when the add-on computes it from something else."""
        if name in NOT_FROM_TEXT:
            return None
        found: set = set()
        for props in self.props.values():
            defined = props.origins(name)
            if defined is None:
                return None
            found |= defined
        if not any(props.defines(name) for props in self.props.values()):
            found.add(("raw", name))
        return frozenset(found)

    def _stanzas_for(self, event: Row) -> list[Props]:
        key = (str(event.get("source", "")), str(event.get("sourcetype", "")))
        if key not in self._stanza_cache:
            self._stanza_cache[key] = [props for stanza, props in self.props.items()
                                       if _stanza_matches(stanza, *key)]
        return self._stanza_cache[key]


# Fields a reader computes rather than copies from the record's text: no literal of their values
# can be looked for in the record.
NOT_FROM_TEXT = frozenset({"source", "sourcetype", "_time", "index", "eventtype", "tag",
                           "earliest", "latest"})


def _stanza_matches(stanza: str, source: str, sourcetype: str) -> bool:
    if stanza.startswith("source::"):
        pattern = stanza.removeprefix("source::").replace("...", "*")
        return wildcard(pattern, case_sensitive=True)(source)
    return stanza == sourcetype


def _props(settings: dict[str, str], path: Path) -> Props:
    props = Props(path=path)
    for key, value in settings.items():
        if key.startswith("FIELDALIAS-"):
            props.aliases += _alias_pairs(value)
        elif key.startswith("EVAL-"):
            props.eval_texts[key.removeprefix("EVAL-")] = value  # parsed on first use
    return props


def _alias_pairs(value: str) -> list[tuple[str, str]]:
    """`A AS B C AS D` as [(A, B), (C, D)]."""
    words = value.split()
    return [(words[i], words[i + 2]) for i in range(0, len(words) - 2, 3)
            if words[i + 1].upper() == "AS"]


def _expression(text: str, key: str, path: Path) -> ast.Expr:
    try:
        expr = cached_expression(text)
        check_calls(expr)
        return expr
    except SplError as error:
        error.message = f"{path.name}, {key}: {error.message}"
        raise


@lru_cache(maxsize=1024)
def _search_expr(text: str, name: str) -> ast.SearchExpr | None:
    """An event type's search, parsed once (trees are immutable, so it may be shared)."""
    search = parse(text).commands[0]
    if not isinstance(search, ast.Search):
        raise SplError(f"eventtype {name}: its search must be a plain search")
    return search.expr


def _apply_props(props: Props, event: Row, fields: frozenset[str] | None) -> None:
    for source, target in props.aliases:
        if source in event:
            event[target] = event[source]
    computed: list[tuple[str, Value]] = [(name, field_value(props.expression(name), event))
                                         for name in props.eval_texts
                                         if fields is None or name in fields]
    for name, value in computed:
        if value is None:
            event.pop(name, None)
        else:
            event[name] = value

