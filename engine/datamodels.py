"""CIM data models as data: load Splunk's data model JSON and build dataset rows from events.

A dataset's rows are the events its constraint search selects (inherited from parent datasets),
with its calculated fields applied in order, projected onto its fields and named
`<Dataset>.<field>` as tstats addresses them. The constraint may be a small pipeline
(`tag=process tag=report | eval ...`); the engine runs it with its own commands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from spl import ast
from spl.errors import DataModelError, Span, SplError, suggestion
from spl.parser import parse, parse_expression
from engine.expressions import EvalError, evaluate, expression_fields
from engine.functions import check_calls
from engine.knowledge import SourceKnowledge
from engine.matching import compile_search, search_fields
from engine.pushdown import Origins, RecordFilter, Resolver, Scan, literal_groups, origins
from engine.table import Row
from engine.values import Value


# Fields every dataset inherits from the data model's BaseEvent, addressed without a prefix
# (`| tstats count from datamodel=Endpoint.Processes where source=... by host`).
INHERITED = ("_time", "host", "source", "sourcetype")


@dataclass(frozen=True)
class Calculation:
    output: str
    expr: ast.Expr


@dataclass(frozen=True)
class Dataset:
    """One object of a data model, with what it inherits from its parents already folded in."""

    name: str
    model: str
    constraints: tuple[ast.Pipeline, ...]
    calculations: tuple[Calculation, ...]
    fields: tuple[str, ...]
    root: str  # the root dataset it descends from: its fields are named after the root

    @property
    def prefix(self) -> str:
        """`All_Traffic.` for every dataset under All_Traffic, as tstats names the fields."""
        return self.root + "."

    def scan(self, where: ast.SearchExpr | None, knowledge: SourceKnowledge,
             used: set[str]) -> Scan:
        """What the readers may skip for `where` over this dataset, when only the fields in
        `used` are read: records without its literals, events that no event type could tag for
        this dataset, and calculations that `used` does not need."""
        groups = literal_groups(where, lambda name: self.origins(name, knowledge.origins))
        return Scan(RecordFilter.of(groups), knowledge.tag_filter(self.required_tags()),
                    self.needed_fields(used))

    def needed_fields(self, used: set[str]) -> frozenset[str]:
        """The event fields that the dataset fields in `used` are computed from, themselves
        included: calculations read earlier calculations and the add-on's fields."""
        prefix = self.prefix
        needed = {name.removeprefix(prefix) for name in used}
        for calculation in reversed(self.calculations):
            if calculation.output in needed:
                needed |= expression_fields(calculation.expr)
        for pipeline in self.constraints:
            first = pipeline.commands[0]
            needed |= search_fields(first.expr if isinstance(first, ast.Search) else None)
            for command in pipeline.commands[1:]:
                for assignment in getattr(command, "assignments", ()):
                    needed |= {assignment.field} | expression_fields(assignment.expr)
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
        """Where the value of `<Dataset>.<field>` comes from (see engine.pushdown)."""
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
        for pipeline in self.constraints:
            for command in pipeline.commands:
                if isinstance(command, ast.Eval) and any(a.field == field
                                                         for a in command.assignments):
                    return None  # computed by the constraint; not worth following
        return event_origins(field)

    def rows(self, events: Iterable[Row], fields: frozenset[str] | None = None) -> Iterator[Row]:
        """The dataset's rows for `events` (which must already carry their tags): all its
        fields, or those in `fields` when given (see needed_fields)."""
        steps = [_constraint_step(p) for p in self.constraints]
        prefix = self.prefix
        calculations = [c for c in self.calculations if fields is None or c.output in fields]
        projected = [f for f in self.fields if f != "_time" and (fields is None or f in fields)]
        for event in events:
            row = _select(event, steps)
            if row is None:
                continue
            for calculation in calculations:
                row[calculation.output] = _calculated(calculation.expr, row)
            inherited = {f: row[f] for f in INHERITED if row.get(f) is not None}
            yield {**inherited, **{prefix + f: row[f] for f in projected if row.get(f) is not None}}


def _constraint_step(pipeline: ast.Pipeline):
    """A constraint pipeline as (predicate, evals): a search, then eval commands."""
    first, *rest = pipeline.commands
    predicate = compile_search(first.expr if isinstance(first, ast.Search) else None)
    assignments = [a for command in rest if isinstance(command, ast.Eval)
                   for a in command.assignments]
    return predicate, assignments


def _select(event: Row, steps) -> Row | None:
    row = event
    for predicate, assignments in steps:
        if not predicate(row):
            return None
        if assignments:
            row = dict(row)
            for assignment in assignments:
                row[assignment.field] = _calculated(assignment.expr, row)
    return dict(row) if row is event else row


def _calculated(expr: ast.Expr, row: Row) -> Value:
    try:
        result = evaluate(expr, row)
    except EvalError:
        return None
    return None if isinstance(result, bool) else result


class DataModels:
    """All loaded data models, by name; resolves `Model.Dataset` with did-you-mean."""

    def __init__(self, datasets: dict[str, dict[str, Dataset]]):
        self._datasets = datasets

    @classmethod
    def load(cls, folder: Path) -> DataModels:
        models = {}
        for path in sorted(folder.glob("*.json")):
            document = json.loads(path.read_text(encoding="utf-8"))
            models[document["modelName"]] = _datasets(document, path)
        return cls(models)

    def models(self) -> list[str]:
        return sorted(self._datasets)

    def dataset(self, reference: str, span: Span | None = None) -> Dataset:
        """The dataset named `Model.Dataset`, or a DataModelError saying what exists."""
        model_name, _, dataset_name = reference.partition(".")
        if model_name not in self._datasets:
            raise DataModelError(f"unknown data model `{model_name}`", span,
                                 suggestion(model_name, self._datasets) or
                                 f"known data models: {', '.join(self.models())}")
        datasets = self._datasets[model_name]
        if not dataset_name:
            roots = [d for d in datasets.values() if d.root == d.name]
            if len(roots) == 1:  # `datamodel=Web` means its one root dataset
                return roots[0]
            raise DataModelError(f"name a dataset of {model_name}, e.g. "
                                 f"datamodel={model_name}.{roots[0].name}", span)
        if dataset_name not in datasets:
            raise DataModelError(f"data model {model_name} has no dataset `{dataset_name}`", span,
                                 suggestion(dataset_name, datasets) or
                                 f"its datasets: {', '.join(datasets)}")
        return datasets[dataset_name]


def _datasets(document: dict, path: Path) -> dict[str, Dataset]:
    """Each object of a data model JSON document, with its parents' constraints and fields."""
    by_name = {o["objectName"]: o for o in document["objects"]}
    datasets: dict[str, Dataset] = {}
    for name, obj in by_name.items():
        lineage = _lineage(obj, by_name)
        datasets[name] = Dataset(
            name=name,
            model=document["modelName"],
            constraints=tuple(_constraint(c["search"], path) for o in lineage
                              for c in o.get("constraints", ())),
            calculations=tuple(_calculations(lineage, path)),
            fields=tuple(dict.fromkeys(f["fieldName"] for o in lineage
                                       for f in o.get("fields", ()))),
            root=lineage[0]["objectName"],
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
                expr = parse_expression(calc["expression"])
                check_calls(expr)
            except SplError as error:
                error.message = f"{path.name}: calculation {calc['expression']!r}: {error.message}"
                raise
            for output in calc["outputFields"]:
                yield Calculation(output["fieldName"], expr)
