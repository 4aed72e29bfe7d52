"""foreach: run a templated eval once for each field that matches a wildcard.

    | foreach count_* [eval <<FIELD>> = <<FIELD>> * 2]

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/foreach
In the template, <<FIELD>> is the field's name, <<MATCHSTR>> what the wildcards matched (joined
when there are several) and <<MATCHSEG1>>, <<MATCHSEG2>>... each wildcard's match. The template is
SPL text until the fields are known; it is checked once with a stand-in name before any event is
read. Only templates made of eval commands are supported, as in Splunk's own examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, SplError, UnsupportedCommandError
from spl.parser import parse
from engine import plan
from engine.commands import eval as eval_command
from engine.functions import check_assignment
from engine.matching import wildcard_pattern
from engine.table import Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("fieldstr", "matchstr", "matchseg1", "matchseg2", "matchseg3")


@dataclass(frozen=True, kw_only=True)
class Foreach(plan.Command):
    """The template of eval commands, run once per field that one of `patterns` matches."""

    patterns: tuple[str, ...]
    template: ast.Foreach

    def label(self) -> str:
        return f"Foreach {', '.join(self.patterns)} [{self.template.template.strip()}]"


def bind(node: ast.Foreach, input: plan.Node, binder: Binder) -> plan.Node:
    for option in node.options:
        if option.name.lower() not in OPTIONS:
            raise BadArgumentError(f"foreach has no option `{option.name}`", option.span)
    _evals(node, "field", ("field",))
    return Foreach(input=input, command=node, patterns=node.fields, template=node)


def run(node: Foreach, table: Table, runtime: Runtime) -> Table:
    rows, fields = table.materialize()
    for name, segments in _matching(fields, node.patterns):
        for assignments in _evals(node.template, name, segments):
            step = plan.Eval(assignments=assignments)
            rows, fields = eval_command.run(step, Table(rows, fields), runtime).materialize()
    return Table(rows, fields)


def _evals(node: ast.Foreach, name: str,
           segments: tuple[str, ...]) -> list[tuple[ast.Assignment, ...]]:
    """The template for one field, as the assignments of each of its eval commands; checked
    once with a stand-in name when the search is bound, before any event is read."""
    pipeline = _template(node, name, segments, node.template_span)
    found = []
    for command in pipeline.commands:
        if not isinstance(command, ast.Eval):
            raise UnsupportedCommandError("foreach runs eval templates only", node.template_span)
        for assignment in command.assignments:
            check_assignment(assignment.expr)
        found.append(command.assignments)
    return found


def _matching(fields: list[str], patterns: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """(field, what each wildcard matched) for each field matching a pattern, in field order."""
    found = []
    for name in fields:
        for pattern in patterns:
            segments = wildcard_pattern(pattern).match(name)
            if segments is not None:
                found.append((name, segments or (name,)))
                break
    return found


def _template(node: ast.Foreach, name: str, segments: tuple[str, ...], span) -> ast.Pipeline:
    text = node.template.replace("<<FIELD>>", name).replace("<<MATCHSTR>>", "".join(segments))
    text = re.sub(r"<<MATCHSEG(\d)>>", lambda m: _segment(segments, int(m.group(1))), text)
    try:
        return parse("| " + text.strip())
    except SplError as error:
        raise BadArgumentError(f"foreach template: {error.message}", span) from None


def _segment(segments: tuple[str, ...], number: int) -> str:
    return segments[number - 1] if 0 < number <= len(segments) else ""
