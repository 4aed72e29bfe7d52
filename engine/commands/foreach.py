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
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, SplError, UnsupportedCommandError
from spl.parser import parse
from engine.commands.rename import wildcard_regex
from engine.table import Table

if TYPE_CHECKING:
    from engine.context import Context

OPTIONS = ("fieldstr", "matchstr", "matchseg1", "matchseg2", "matchseg3")


def check(node: ast.Foreach, context: Context) -> None:
    from engine.plan import bind  # the binder knows every command, this one included

    for option in node.options:
        if option.name.lower() not in OPTIONS:
            raise BadArgumentError(f"foreach has no option `{option.name}`", option.span)
    pipeline = _template(node, "field", ("field",), node.template_span)
    for command in pipeline.commands:
        if not isinstance(command, ast.Eval):
            raise UnsupportedCommandError("foreach runs eval templates only", node.template_span)
    bind(pipeline, context)


def foreach(table: Table, node: ast.Foreach, context: Context) -> Table:
    from engine.plan import bind
    from engine.runner import run_steps

    rows, fields = table.materialize()
    for name, segments in _matching(fields, node.fields):
        pipeline = _template(node, name, segments, node.template_span)
        rows, fields = run_steps(bind(pipeline, context), context, Table(rows, fields)).materialize()
    return Table(rows, fields)


def _matching(fields: list[str], patterns: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """(field, what each wildcard matched) for each field matching a pattern, in field order."""
    found = []
    for name in fields:
        for pattern in patterns:
            match = wildcard_regex(pattern).fullmatch(name)
            if match is not None:
                found.append((name, match.groups() or (name,)))
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
