"""CIM data models as data: load Splunk's data model JSON and build dataset rows from events.

A dataset's rows are the events its constraint search selects (inherited from parent datasets),
with its calculated fields applied in order, projected onto its fields and named
`<Dataset>.<field>` as tstats addresses them. The constraint may be a small pipeline
(`tag=process tag=report | eval ...`); the engine runs it with its own commands.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from spl import ast
from spl.errors import DataModelError, Span, SplError, suggestion
from spl.parser import cached_expression, parse
from engine.expressions import field_value
from engine.functions import check_assignment
from engine.pushdown import Origins, Resolver, origins
from engine.table import Row


# Fields every dataset inherits from the data model's BaseEvent, addressed without a prefix
# (`| tstats count from datamodel=Endpoint.Processes where source=... by host`).
INHERITED = ("_time", "host", "source", "sourcetype")


@dataclass(frozen=True)
class Calculation:
    output: str
    expr: ast.Expr


@dataclass(frozen=True)
class Dataset:
    """One object of a data model, with what it inherits from its parents already folded in.

    Its `constraints` and `calculations` are parsed from the JSON objects of its lineage when
    first read (DataModels.dataset reads them when a search names the dataset), not at load."""

    name: str
    model: str
    fields: tuple[str, ...]
    root: str  # the root dataset it descends from: its fields are named after the root
    # The JSON objects of the dataset and its ancestors, root first, and the file they are in.
    lineage: tuple[dict, ...] = field(default=(), repr=False, compare=False)
    path: Path = field(default=Path("<none>"), repr=False, compare=False)

    @cached_property
    def constraints(self) -> tuple[ast.Pipeline, ...]:
        """Each constraint search of the lineage, parsed, root first."""
        return tuple(_constraint(c["search"], self.path) for o in self.lineage
                     for c in o.get("constraints", ()))

    @cached_property
    def calculations(self) -> tuple[Calculation, ...]:
        """The Eval calculations of the lineage, one per output field, in order."""
        return tuple(_calculations(self.lineage, self.path))

    @property
    def prefix(self) -> str:
        """`All_Traffic.` for every dataset under All_Traffic, as tstats names the fields."""
        return self.root + "."

    def needed_fields(self, used: frozenset[str]) -> frozenset[str]:
        """The fields its rows need computed so that they carry `used` (names as its rows
        show them, `<Root>.<field>`), without prefix: those, and what their calculations read
        (calculations read earlier calculations and the add-on's fields), and what it inherits."""
        needed = {name.removeprefix(self.prefix) for name in used} | set(INHERITED)
        for calculation in reversed(self.calculations):
            if calculation.output in needed:
                needed |= ast.expression_fields(calculation.expr)
        return frozenset(needed)

    def required_tags(self) -> set[str]:
        """The tags the constraints require (`tag=endpoint tag=registry`)."""
        tags = set()
        for pipeline in self.constraints:
            first = pipeline.commands[0]
            expr = first.expr if isinstance(first, ast.Search) else None
            terms = expr.operands if isinstance(expr, ast.And) else (expr,)
            tags |= {t.value for t in terms
                     if isinstance(t, ast.Compare) and t.field == "tag" and t.op == "="}
        return tags

    def origins(self, name: str, event_origins: Resolver) -> Origins:
        """Where the value of `<Dataset>.<field>` comes from (see engine.pushdown), given where
        the fields of the events its constraints chose come from (`event_origins`: a constraint
        that computes a field is an Eval below, which engine/rewrite.py follows)."""
        field = name.removeprefix(self.prefix)
        if field == name and name in INHERITED:
            return event_origins(name)
        if field == name or field not in self.fields:
            return None
        return self._origins(field, len(self.calculations), event_origins)

    def _origins(self, field: str, before: int, event_origins: Resolver) -> Origins:
        """Origins of `field` as seen by calculation number `before` (later ones can't see)."""
        for index in reversed(range(before)):
            calculation = self.calculations[index]
            if calculation.output == field:
                return origins(calculation.expr,
                               lambda name: self._origins(name, index, event_origins))
        return event_origins(field)

    def rows(self, events: Iterable[Row], fields: frozenset[str] | None = None) -> Iterator[Row]:
        """The dataset's rows for `events` (which its constraints have already chosen): all
        its fields, or those in `fields` when given (see needed_fields)."""
        prefix = self.prefix
        calculations = [c for c in self.calculations if fields is None or c.output in fields]
        projected = [f for f in self.fields if f != "_time" and (fields is None or f in fields)]
        for event in events:
            row = dict(event)
            for calculation in calculations:
                row[calculation.output] = field_value(calculation.expr, row)
            inherited = {f: row[f] for f in INHERITED if row.get(f) is not None}
            yield {**inherited, **{prefix + f: row[f] for f in projected if row.get(f) is not None}}

    def columns(self) -> list[str]:
        """The fields of its rows in column order: `_time`, then `<Root>.<field>`."""
        return ["_time"] + [self.prefix + f for f in self.fields if f != "_time"]

    def field_names(self) -> tuple[str, ...]:
        """Every name a field of its rows can have: what it inherits, unprefixed (`_time`,
        `host`, `source`, `sourcetype`), and its columns."""
        return tuple(dict.fromkeys([*INHERITED, *self.columns()]))


class DataModels:
    """All data models, by name; resolves `Model.Dataset` with did-you-mean.

    A model's JSON file is read when a search first names the model, and a dataset's
    constraints and calculations are parsed when a search first names the dataset."""

    def __init__(self, datasets: dict[str, dict[str, Dataset]] | None = None,
                 files: dict[str, Path] | None = None):
        self._datasets = dict(datasets or {})  # the models read so far
        self._files = {name: path for name, path in (files or {}).items()
                       if name not in self._datasets}  # the others: read on first use

    @classmethod
    def load(cls, folder: Path) -> DataModels:
        """The data models in `folder`'s *.json files; only their names are read now."""
        return cls(files={_model_name(path): path for path in sorted(folder.glob("*.json"))})

    def models(self) -> list[str]:
        return sorted({*self._datasets, *self._files})

    def dataset(self, reference: str, span: Span | None = None) -> Dataset:
        """The dataset named `Model.Dataset`, or a DataModelError saying what exists."""
        model_name, _, dataset_name = reference.partition(".")
        if model_name not in self._datasets and model_name not in self._files:
            raise DataModelError(f"unknown data model `{model_name}`", span,
                                 suggestion(model_name, self.models()) or
                                 f"known data models: {', '.join(self.models())}")
        datasets = self._model(model_name)
        if not dataset_name:
            roots = [d for d in datasets.values() if d.root == d.name]
            if len(roots) == 1:  # `datamodel=Web` means its one root dataset
                return _parsed(roots[0])
            raise DataModelError(f"name a dataset of {model_name}, e.g. "
                                 f"datamodel={model_name}.{roots[0].name}", span)
        if dataset_name not in datasets:
            raise DataModelError(f"data model {model_name} has no dataset `{dataset_name}`", span,
                                 suggestion(dataset_name, datasets) or
                                 f"its datasets: {', '.join(datasets)}")
        return _parsed(datasets[dataset_name])

    def _model(self, name: str) -> dict[str, Dataset]:
        """The datasets of model `name`, its JSON file read on first use."""
        if name not in self._datasets:
            path = self._files.pop(name)
            self._datasets[name] = _datasets(_document(path, name), path)
        return self._datasets[name]


_MODEL_NAME = re.compile(r'"modelName"\s*:\s*("(?:[^"\\]|\\.)*")')


def _model_name(path: Path) -> str:
    """The `modelName` of a data model file, found without parsing the whole document."""
    try:
        text = path.read_text(encoding="utf-8")
        found = _MODEL_NAME.findall(text)
        return json.loads(found[0]) if len(found) == 1 else json.loads(text)["modelName"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DataModelError(f"{path.name}: not a data model: {_reason(error)}") from None


def _document(path: Path, name: str) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataModelError(f"{path.name}: not a data model: {_reason(error)}") from None
    if not isinstance(document, dict) or document.get("modelName") != name:
        raise DataModelError(f"{path.name}: not a data model: its top-level modelName is not "
                             f"{name!r}")
    return document


def _reason(error: Exception) -> str:
    return f"no {error}" if isinstance(error, KeyError) else str(error)


def _parsed(dataset: Dataset) -> Dataset:
    """The dataset with its constraints and calculations parsed, so that a mistake in them is
    reported when a search names the dataset (naming the file and the expression)."""
    dataset.constraints
    dataset.calculations
    return dataset


def _datasets(document: dict, path: Path) -> dict[str, Dataset]:
    """Each object of a data model JSON document, with its parents' constraints and fields
    (the constraints and calculations parsed on first use, see Dataset)."""
    by_name = {o["objectName"]: o for o in document["objects"]}
    datasets: dict[str, Dataset] = {}
    for name, obj in by_name.items():
        lineage = _lineage(obj, by_name)
        datasets[name] = Dataset(
            name=name,
            model=document["modelName"],
            fields=tuple(dict.fromkeys(f["fieldName"] for o in lineage
                                       for f in o.get("fields", ()))),
            root=lineage[0]["objectName"],
            lineage=tuple(lineage),
            path=path,
        )
    return datasets


def _lineage(obj: dict, by_name: dict[str, dict]) -> list[dict]:
    """The object and its ancestors, root first."""
    chain = [obj]
    while chain[0].get("parentName") in by_name:
        chain.insert(0, by_name[chain[0]["parentName"]])
    return chain


def _constraint(search: str, path: Path) -> ast.Pipeline:
    try:
        return parse(search)
    except SplError as error:
        error.message = f"{path.name}: constraint {search!r}: {error.message}"
        raise


def _calculations(lineage: list[dict], path: Path) -> Iterator[Calculation]:
    for obj in lineage:
        for calc in obj.get("calculations", ()):
            if calc.get("calculationType", "Eval") != "Eval":
                continue
            try:
                expr = cached_expression(calc["expression"])
                check_assignment(expr)
            except SplError as error:
                error.message = f"{path.name}: calculation {calc['expression']!r}: {error.message}"
                raise
            for output in calc["outputFields"]:
                yield Calculation(output["fieldName"], expr)
