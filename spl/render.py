"""Syntax trees back to SPL text: how `spl explain` and the plan printer show a bound
expression (time modifiers already resolved, macros expanded) in the language the user wrote."""

from __future__ import annotations

from spl import ast


def search_text(expr: ast.SearchExpr) -> str:
    """A search expression as SPL text."""
    if isinstance(expr, ast.Term):
        return quoted(expr.text) if expr.quoted else expr.text
    if isinstance(expr, ast.Compare):
        plain = expr.value and not expr.quoted and not any(c in expr.value for c in ' "()=')
        return f"{expr.field}{expr.op}{expr.value if plain else quoted(expr.value)}"
    if isinstance(expr, ast.In):
        return f"{expr.field} IN ({', '.join(quoted(v) for v in expr.values)})"
    if isinstance(expr, ast.Not):
        return f"NOT {_grouped(expr.operand)}"
    if isinstance(expr, ast.Subsearch):
        return "[ subsearch ]"
    joiner = " " if isinstance(expr, ast.And) else " OR "
    return joiner.join(_grouped(o) for o in expr.operands)


def _grouped(expr: ast.SearchExpr) -> str:
    text = search_text(expr)
    return f"({text})" if isinstance(expr, (ast.And, ast.Or)) and len(expr.operands) > 1 else text


def expr_text(expr: ast.Expr) -> str:
    """An eval expression as SPL text, each binary operation in parentheses."""
    if isinstance(expr, ast.Field):
        return expr.name if expr.name.replace(".", "").replace("_", "").isalnum() \
            else f"'{expr.name}'"
    if isinstance(expr, ast.Literal):
        return quoted(expr.value) if isinstance(expr.value, str) else repr(expr.value)
    if isinstance(expr, ast.Call):
        return f"{expr.name}({', '.join(expr_text(a) for a in expr.args)})"
    if isinstance(expr, ast.Binary):
        return f"({expr_text(expr.left)} {expr.op} {expr_text(expr.right)})"
    return f"{expr.op} {expr_text(expr.operand)}"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
