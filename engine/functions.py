"""Eval functions: one explicit registry from name to implementation, arity and bind-time check.

Each entry says how many arguments it takes, so that binding rejects `lower(a, b)` before a
row is read; whether it receives its arguments evaluated (most) or as expressions (`lazy`: the
conditionals, which must not evaluate the branch they don't take, and the functions that bind a
field to each of its values or read the whole row); and optionally a `check` that binding runs
on the call, so that a literal argument that can never work (a bad regex, printf format, time
modifier, search string or tostring format) fails with a caret under it. Names are
case-insensitive (the parser lower-cases them).

The evaluator (engine.expressions) imports this registry, so this module does not import it
back: `Function.call` is handed the evaluator, and a lazy function receives it as a parameter.

Semantics follow Splunk's Search Reference, "Evaluation functions", one page per group, under
https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/ :
comparison-and-conditional-functions, conversion-functions, cryptographic-functions,
date-and-time-functions, informational-functions, mathematical-functions,
multivalue-eval-functions, statistical-eval-functions, text-functions and
trig-and-hyperbolic-functions. Time variables: see engine.timefmt.

Nulls: a function given a null argument returns null, except those whose purpose is nulls
(coalesce, isnull, isnotnull, typeof, nullif's second argument, mvappend, mvcount, min, max,
printf's arguments, the lazy conditionals).

Choices where the pages are silent (each also noted at its function):
- A function that reads one scalar (len, substr, split, tonumber, the math functions, strftime,
  printf's arguments) uses the first value of a multivalue field; the text functions that map
  values (lower, upper, trim, ltrim, rtrim, replace, urldecode, tostring, the hashes, ipmask)
  apply to every value.
- match, like, cidrmatch, in and the other predicates return null for a null first argument,
  as eval's comparisons do, so `NOT match(missing, "x")` is null, not true.
- Text that reads as a number is a number (`isnum`, `typeof`, `min`/`max`), as Splunk treats
  numeric field values.
- `now()` is the search's start when the runner has set `CLOCK` (engine.clock);
  otherwise it reads the wall clock at each call. strftime, strptime and relative_time work in
  `CLOCK`'s time zone, UTC by default.
Not supported: sigfig (it needs the significant figures of the operands, which plain numbers
do not carry), avg() and sum(), the JSON, bitwise and lookup() functions (each an unknown
function with a did-you-mean), and printf's %a and %A (an unsupported-conversion error).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import random
import re
import time
from dataclasses import dataclass
from datetime import timezone
from functools import lru_cache
from typing import Callable, Iterator
from urllib.parse import unquote

from spl import ast
from spl.catalog import SPLUNK_COMMANDS
from spl.errors import BadArgumentError, SplError, UnknownFunctionError, suggestion
from spl.parser import parse
from engine.clock import CLOCK
from engine.locationpaths import follow, parse_document, parse_path
from engine.evaluation import Evaluate, EvalError, like_pattern, truth
from engine.matching import Predicate, compile_search
from engine.table import Row
from engine.timefmt import format_time, parse_time
from engine.timemodifiers import resolve
from engine.timeunits import MODIFIER_UNITS, SECONDS, time_unit
from engine.values import Scalar, Value, multivalue, to_number, to_text, values_of


@dataclass(frozen=True)
class Function:
    fn: Callable
    min_args: int
    max_args: int | None
    lazy: bool = False
    check: Callable[[ast.Call], None] | None = None

    def call(self, args: tuple[ast.Expr, ...], row: Row, evaluate: Evaluate) -> Value | bool:
        """The function's value for `row`; `evaluate` is the evaluator that called it, which a
        lazy function is handed to evaluate the arguments it needs."""
        if self.lazy:
            return self.fn(args, row, evaluate)
        return self.fn(*(evaluate(a, row) for a in args))


# ---- shared helpers ------------------------------------------------------------------------------


def _null_if_any_null(fn: Callable) -> Callable:
    def guarded(*args):
        return None if any(a is None for a in args) else fn(*args)

    return guarded


def _first(value: Value | bool) -> Scalar | bool | None:
    """The one value a scalar function reads: the first of a multivalue field."""
    if isinstance(value, tuple):
        return value[0] if value else None
    return value


def _scalar_text(value: Value | bool) -> str:
    first = _first(value)
    return "" if first is None else to_text(first)


def _number(value: Value | bool) -> int | float | None:
    first = _first(value)
    return None if isinstance(first, bool) else to_number(first)


def _each(value: Value, fn: Callable) -> Value:
    """Apply fn to each value of a (possibly multivalue) field."""
    if isinstance(value, tuple):
        return tuple(fn(v) for v in value)
    return fn(value)


def _text_function(fn: Callable[[str], Scalar]) -> Function:
    """A one-argument function applied to the text of every value; null for null."""
    return Function(_null_if_any_null(lambda value: _each(value, lambda v: fn(to_text(v)))), 1, 1)


def _equal(a: Scalar, b: Scalar) -> bool:
    """eval's `=`: numerically when both sides read as numbers, else as exact text."""
    x, y = to_number(a), to_number(b)
    if x is not None and y is not None:
        return x == y
    return to_text(a) == to_text(b)


def _literal_text(call: ast.Call, index: int) -> str | None:
    """The text of argument `index` when it is a literal, else None (a field, an expression)."""
    if index < len(call.args) and isinstance(call.args[index], ast.Literal):
        return to_text(call.args[index].value)
    return None


def _bind_error(message: str, node: ast.Node, hint: str | None = None) -> BadArgumentError:
    return BadArgumentError(message, node.span, hint)


# ---- comparison and conditional ------------------------------------------------------------------


def _if(args: tuple[ast.Expr, ...], row: Row, evaluate: Evaluate) -> Value | bool:
    condition, then, otherwise = args
    return evaluate(then if truth(evaluate(condition, row)) else otherwise, row)


def _case(args: tuple[ast.Expr, ...], row: Row, evaluate: Evaluate) -> Value | bool:
    for condition, value in zip(args[::2], args[1::2]):
        if truth(evaluate(condition, row)):
            return evaluate(value, row)
    return None


def _validate(args: tuple[ast.Expr, ...], row: Row, evaluate: Evaluate) -> Value | bool:
    """The value paired with the first condition that is not true; null when all hold. A null
    condition counts as failing, as it does not hold (the page: "evaluates to FALSE")."""
    for condition, value in zip(args[::2], args[1::2]):
        if not truth(evaluate(condition, row)):
            return evaluate(value, row)
    return None


def _check_pairs(call: ast.Call) -> None:
    if len(call.args) % 2:
        hint = 'for a default, end with true(), "value"' if call.name == "case" else None
        raise _bind_error(f"{call.name}() takes pairs of condition and value; the last "
                          "condition has no value", call.args[-1], hint)


def _coalesce(args: tuple[ast.Expr, ...], row: Row, evaluate: Evaluate) -> Value | bool:
    for arg in args:
        value = evaluate(arg, row)
        if value is not None:
            return value
    return None


def _in(value: Value, *candidates: Value) -> bool | None:
    """True when any value equals any candidate, compared as eval's `=` does; no wildcards."""
    if value is None:
        return None
    wanted = [c for candidate in candidates for c in values_of(candidate)]
    return any(_equal(v, c) for v in values_of(value) for c in wanted)


def _nullif(first: Value, second: Value) -> Value:
    if first is None or second is None:
        return first
    a, b = values_of(first), values_of(second)
    same = len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return None if same else first


@lru_cache(maxsize=1024)
def _regex(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise EvalError(f"invalid regular expression {pattern!r}: {error}") from None


def _check_regex(index: int) -> Callable[[ast.Call], None]:
    def check(call: ast.Call) -> None:
        pattern = _literal_text(call, index)
        if pattern is not None:
            try:
                _regex(pattern)
            except EvalError as error:
                raise _bind_error(error.message, call.args[index]) from None

    return check


def _match(value: Value, pattern: Value) -> bool:
    return any(_regex(to_text(pattern)).search(to_text(v)) for v in values_of(value))


def _like(value: Value, pattern: Value) -> bool:
    regex = like_pattern(to_text(pattern))
    return any(regex.fullmatch(to_text(v)) for v in values_of(value))


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def _cidrmatch(cidr: Value, ip: Value) -> bool | None:
    """IPv4 or IPv6; a value that is not an IP address does not match."""
    network = _network(_scalar_text(cidr))
    if network is None:  # a literal is checked at bind; a field's value that is not a subnet
        return None
    return any(_in_network(to_text(v), network) for v in values_of(ip))


def _in_network(text: str, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    try:
        return ipaddress.ip_address(text.strip()) in network
    except ValueError:
        return False


def _check_cidr(call: ast.Call) -> None:
    cidr = _literal_text(call, 0)
    if cidr is not None and _network(cidr) is None:
        raise _bind_error(f"cidrmatch: `{cidr}` is not a CIDR subnet", call.args[0],
                          'write it like "10.0.0.0/8" or "2001:db8::/32"')


def _searchmatch(args: tuple[ast.Expr, ...], row: Row, evaluate: Evaluate) -> Value | bool:
    """The row matches the search terms, with the search command's rules (case-insensitive
    values, `*` wildcards, bare terms in `_raw`)."""
    text = evaluate(args[0], row)
    return None if text is None else _search_predicate(_scalar_text(text))(row)


@lru_cache(maxsize=256)
def _search_predicate(text: str) -> Predicate:
    try:
        commands = parse(text).commands
        terms = len(commands) == 1 and isinstance(commands[0], ast.Search)
        predicate = compile_search(commands[0].expr) if terms else None
    except SplError as error:  # a syntax error, or a subsearch, which only `search` runs
        raise EvalError(f"searchmatch cannot read the search `{text}`: {error.message}") from None
    if predicate is None:
        raise EvalError(f"searchmatch takes search terms, not the pipeline `{text}`")
    return predicate


def _check_searchmatch(call: ast.Call) -> None:
    text = _literal_text(call, 0)
    if text is not None:
        try:
            _search_predicate(text)
        except EvalError as error:
            raise _bind_error(error.message, call.args[0]) from None


# ---- conversion ----------------------------------------------------------------------------------


_BASE_DIGITS = re.compile(r"[-+]?(0[xX])?[0-9A-Za-z]+")


def _tonumber(value: Value, base: Value = None) -> int | float | None:
    """A number, or null when the text is not one in `base` (2 to 36, default 10). Leading or
    trailing spaces make it null, as the page says: trim them first."""
    first = _first(value)
    if isinstance(first, (int, float)) and not isinstance(first, bool) and base is None:
        return first
    text, radix = to_text(first), int(_number(base) or 10)
    if radix == 10:
        return to_number(text) if text == text.strip() else None
    if not 2 <= radix <= 36 or not _BASE_DIGITS.fullmatch(text):
        return None
    try:
        return int(text, radix)
    except ValueError:
        return None


def _check_tonumber(call: ast.Call) -> None:
    base = _literal_text(call, 1)
    if base is not None and (to_number(base) is None or not 2 <= to_number(base) <= 36):
        raise _bind_error(f"tonumber: the base must be 2 to 36, not {base}", call.args[1])
    text = _literal_text(call, 0)
    if text is not None and _tonumber(text, base) is None:  # the page: "it returns an error"
        raise _bind_error(f"tonumber cannot read `{text}` as a number", call.args[0])


_TOSTRING_FORMATS = ("hex", "commas", "duration")


def _tostring(value: Value | bool, format_: Value = None) -> Value:
    """Booleans become "True"/"False" (the page's `tostring(1==1)`); a format applies to values
    that read as numbers and leaves other text as it is."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if format_ is None:
        return _each(value, to_text)
    style = to_text(format_)
    if style not in _TOSTRING_FORMATS:
        raise EvalError(f"tostring: unknown format `{style}`")
    return _each(value, lambda v: _formatted(v, style))


def _formatted(value: Scalar, style: str) -> str:
    number = to_number(value)
    if number is None or not math.isfinite(number):
        return to_text(value)
    if style == "hex":  # the page: tostring(15, "hex") is 0xF
        return ("-" if number < 0 else "") + f"0x{abs(int(number)):X}"
    if style == "commas":  # the page: decimals are rounded to two places, 12,345.68
        return f"{number:,.2f}" if isinstance(number, float) else f"{number:,}"
    return _duration(number)


def _duration(seconds: float) -> str:
    """HH:MM:SS (the page: 615 is 00:10:15). Not on the page: a whole number of days is shown
    as D+HH:MM:SS, and a fraction of a second as six digits after the seconds."""
    micro = round(abs(seconds) * 1_000_000)
    whole, fraction = divmod(micro, 1_000_000)
    days, rest = divmod(whole, 86400)
    hours, rest = divmod(rest, 3600)
    text = f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    text += f".{fraction:06d}" if fraction else ""
    return ("-" if seconds < 0 else "") + (f"{days}+" if days else "") + text


def _check_tostring(call: ast.Call) -> None:
    style = _literal_text(call, 1)
    if style is not None and style not in _TOSTRING_FORMATS:
        hint = suggestion(style, _TOSTRING_FORMATS) or 'use "hex", "commas" or "duration"'
        raise _bind_error(f"tostring: unknown format `{style}`", call.args[1], hint)


def _ipmask(mask: Value, ip: Value) -> Value:
    """The IPv4 address ANDed with the mask, octet by octet; null when either is not IPv4."""
    try:
        bits = int(ipaddress.IPv4Address(_scalar_text(mask).strip()))
    except ValueError:
        return None
    masked = (_masked(to_text(v), bits) for v in values_of(ip))
    return multivalue([m for m in masked if m is not None])


def _masked(ip: str, bits: int) -> str | None:
    try:
        return str(ipaddress.IPv4Address(int(ipaddress.IPv4Address(ip.strip())) & bits))
    except ValueError:
        return None


# ---- printf --------------------------------------------------------------------------------------

# %[flags][width][.precision]conversion, as in C's sprintf, with Splunk's `'` flag for thousands.
_SPEC = re.compile(r"%(?P<flags>[-+ #0']*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?"
                   r"(?P<conv>.?)", re.DOTALL)
_CONVERSIONS = "diuoxXpeEfFgGszc%"
_MISSING = object()


class _Unformattable(Exception):
    """An argument a numeric conversion cannot read; printf then returns null."""


def _printf(fmt: Value, *args: Value) -> str | None:
    """Splunk's printf (conversion-functions page): C's sprintf for %d %i %u %o %x %X %p %e %E
    %f %F %g %G %s %z %c %%, flags - + space # 0 and ' (thousands commas), width and precision,
    `*` to take either from the arguments. Choices: a null argument prints as empty text for
    %s and %c, while a null or non-numeric one for a numeric conversion makes the result null;
    %d truncates a fraction; negative numbers print as unsigned 64-bit for %u %o %x %X; extra
    arguments are ignored, too few is an error."""
    if fmt is None:
        return None
    values = iter(args)
    try:
        return _SPEC.sub(lambda spec: _conversion(spec, values), to_text(_first(fmt)))
    except _Unformattable:
        return None


def _conversion(spec: re.Match, values: Iterator) -> str:
    conv, flags = spec["conv"], spec["flags"]
    if not conv or conv not in _CONVERSIONS:
        raise EvalError(f"printf: unsupported conversion `{spec.group(0)}`")
    if conv == "%":
        return "%"
    width, precision = _star(spec["width"], values), _star(spec["precision"], values)
    if width is not None and width < 0:
        flags, width = flags + "-", -width
    body = _render(conv, flags, precision, _next(values))
    if "'" in flags and conv in "diufFgG":
        body = re.sub(r"\d+", lambda digits: _thousands(digits.group()), body, count=1)
    zero = "0" in flags and conv not in "scz" and not (precision is not None and conv in "diuoxX")
    return _pad(body, width, "-" in flags, zero)


def _thousands(digits: str) -> str:
    return re.sub(r"\B(?=(\d{3})+$)", ",", digits)


def _next(values: Iterator) -> Scalar | None:
    value = next(values, _MISSING)
    if value is _MISSING:
        raise EvalError("printf: the format needs more arguments than it was given")
    return _first(value)


def _star(text: str | None, values: Iterator) -> int | None:
    """A width or precision: digits, `*` (the next argument), `.` alone (zero), or none."""
    if text is None:
        return None
    if text != "*":
        return int(text or 0)
    number = to_number(_next(values))
    if number is None:
        raise _Unformattable()
    return int(number)


def _render(conv: str, flags: str, precision: int | None, value: Scalar | None) -> str:
    dot = "" if precision is None or precision < 0 else f".{precision}"
    if conv in "sz":
        return f"%{dot}s" % ("" if value is None else to_text(value))
    if conv == "c":
        return _character(value)
    if conv in "eEfFgG":
        return f"%{_c_flags(flags)}{dot}{conv}" % float(_numeric_argument(value))
    number = int(_numeric_argument(value))
    if conv == "p":  # the page: printf("%p", 10) is 000000000000000A
        return f"{number & 0xFFFFFFFFFFFFFFFF:016X}"
    if conv != "d" and conv != "i" and number < 0:
        number &= 0xFFFFFFFFFFFFFFFF
    body = f"%{_c_flags(flags).replace('#', '')}{dot}{'d' if conv in 'diu' else conv}" % number
    if "#" in flags and conv in "xX" and number:
        body = ("0x" if conv == "x" else "0X") + body
    return "0" + body if "#" in flags and conv == "o" and not body.startswith("0") else body


def _c_flags(flags: str) -> str:
    return "".join(f for f in "+ #" if f in flags)


def _numeric_argument(value: Scalar | None) -> int | float:
    number = None if isinstance(value, bool) or value is None else to_number(value)
    if number is None or not math.isfinite(number):
        raise _Unformattable()
    return number


def _character(value: Scalar | None) -> str:
    """%c: the character of a code point, or the first character of text (the page: A,F)."""
    if value is None:
        return ""
    number = to_number(value)
    if number is not None and not isinstance(value, str):
        return chr(int(number))
    return to_text(value)[:1]


def _pad(body: str, width: int | None, left: bool, zero: bool) -> str:
    if width is None or len(body) >= width:
        return body
    if left:
        return body.ljust(width)
    if zero:
        head = re.match(r"[-+ ]?(0[xX])?", body).group()
        return head + body[len(head):].rjust(width - len(head), "0")
    return body.rjust(width)


def _check_printf(call: ast.Call) -> None:
    fmt = _literal_text(call, 0)
    if fmt is None:
        return
    needed = 0
    for spec in _SPEC.finditer(fmt):
        if not spec["conv"] or spec["conv"] not in _CONVERSIONS:
            raise _bind_error(f"printf: unsupported conversion `{spec.group(0)}`", call.args[0],
                              "supported: %d %i %u %o %x %X %p %e %f %g %s %c %% and their "
                              "upper-case forms")
        if spec["conv"] != "%":
            needed += 1 + (spec["width"] == "*") + (spec["precision"] == "*")
    if needed > len(call.args) - 1:
        raise _bind_error(f"printf: the format needs {needed} argument(s), got "
                          f"{len(call.args) - 1}", call)


# ---- cryptographic -------------------------------------------------------------------------------


def _digest(name: str) -> Function:
    """The hex digest of the value's UTF-8 text, lower case."""
    return _text_function(lambda text: hashlib.new(name, text.encode("utf-8")).hexdigest())


# ---- date and time -------------------------------------------------------------------------------


def _now() -> int:
    """The search's start, in whole epoch seconds (the page: "the time that the search was
    started"), or the wall clock when no search start is known."""
    start = CLOCK.get().now
    return int(time.time() if start is None else start)


def _relative_time(epoch: Value, modifier: Value) -> int | float | None:
    """`epoch` moved by a time modifier (-1d@d, +2h, @w0, now), snapping in CLOCK's zone; null
    when either cannot be read."""
    moment = _number(epoch)
    if moment is None:
        return None
    try:
        result = resolve(_scalar_text(modifier), moment, CLOCK.get().tz)
    except (SplError, ValueError, OverflowError):
        return None
    return int(result) if float(result).is_integer() else result


def _check_relative_time(call: ast.Call) -> None:
    modifier = _literal_text(call, 1)
    if modifier is not None:
        try:
            resolve(modifier, 0.0, timezone.utc)
        except SplError as error:
            raise _bind_error(f"relative_time: {error.message}", call.args[1]) from None


def _strftime(epoch: Value, timeformat: Value) -> str | None:
    moment = _number(epoch)
    if moment is None:
        return None
    try:
        return format_time(float(moment), _scalar_text(timeformat), CLOCK.get().tz)
    except (ValueError, OverflowError, OSError):
        return None


def _strptime(text: Value, timeformat: Value) -> int | float | None:
    epoch = parse_time(_scalar_text(text), _scalar_text(timeformat), CLOCK.get().tz)
    return None if epoch is None else int(epoch) if epoch.is_integer() else epoch


# ---- informational -------------------------------------------------------------------------------


def _is_number(value: Value | bool) -> bool:
    if isinstance(value, (bool, tuple)) or value is None:
        return False
    return to_number(value) is not None


def _isstr(value: Value | bool) -> bool:
    return isinstance(value, str) and to_number(value) is None


def _isint(value: Value | bool) -> bool:
    """A number without a fractional part ("3" and 6/2 are; "3.5" is not)."""
    return _is_number(value) and float(to_number(value)).is_integer()


def _typeof(value: Value | bool) -> str:
    """Number, String, Boolean, or Invalid for null (the page's typeof(badfield)); Multivalue
    for a multivalue field (not on the page)."""
    if value is None:
        return "Invalid"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, tuple):
        return "Multivalue"
    return "Number" if _is_number(value) else "String"


# ---- mathematical --------------------------------------------------------------------------------


def _numeric(fn: Callable) -> Callable:
    """fn over the arguments read as numbers; null when one is not a number or the result is
    not a finite number (sqrt(-1), ln(0), an overflow)."""
    def apply(*args):
        numbers = [_number(a) for a in args]
        if any(n is None for n in numbers):
            return None
        try:
            result = fn(*numbers)
        except (ValueError, OverflowError, ZeroDivisionError):
            return None
        return None if isinstance(result, float) and not math.isfinite(result) else result

    return apply


def _round(number: int | float, digits: int | float = 0) -> int | float:
    """Half up: the page is silent on ties; Splunk 8.2 was seen to round 4.5 to 5 and -4.5 to
    -4 (https://qiita.com/frozencatpisces/items/3e0eaa1efcca9e242df8)."""
    places = int(digits)
    if places >= 0 and isinstance(number, int):
        return number
    rounded = math.floor(number * 10 ** places + 0.5) / 10 ** places
    return int(rounded) if places <= 0 else rounded


def _log(number: int | float, base: int | float = 10) -> float:
    return math.log(number, base)


_TRIG = ("acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan",
         "tanh")


# ---- multivalue ----------------------------------------------------------------------------------


def _mvindex(value: Value, start: Value, end: Value = None) -> Value:
    """0-based; negative indexes count from the end; `end` is included."""
    values = values_of(value)
    first = _index(start, len(values))
    if end is None:
        return values[first] if 0 <= first < len(values) else None
    last = _index(end, len(values))
    return multivalue(values[max(first, 0):last + 1])


def _index(position: Value, count: int) -> int:
    index = int(_number(position) or 0)
    return index + count if index < 0 else index


def _mvcount(value: Value) -> int | None:
    count = len(values_of(value))
    return count or None


def _mvjoin(value: Value, delimiter: Value) -> str:
    return to_text(delimiter).join(to_text(v) for v in values_of(value))


def _mvappend(*values: Value) -> Value:
    return multivalue([v for value in values for v in values_of(value)])


def _mvdedup(value: Value) -> Value:
    """Each distinct value (compared as text) once, in the order first seen."""
    return multivalue(list({to_text(v): v for v in values_of(value)}.values()))


def _mvfind(value: Value, pattern: Value) -> int | None:
    """The index of the first value the regex finds a match in, or null."""
    regex = _regex(to_text(pattern))
    return next((i for i, v in enumerate(values_of(value)) if regex.search(to_text(v))), None)


def _mvsort(value: Value) -> Value:
    """Lexicographically, by the values' text, as the page says (so 10 sorts before 9)."""
    return multivalue(sorted(values_of(value), key=to_text))


def _mvzip(left: Value, right: Value, delimiter: Value = ",") -> Value:
    """Pairs the values in order and stops at the shorter field (as Python's zip, which the page
    compares it to)."""
    glue = to_text(delimiter)
    pairs = zip(values_of(left), values_of(right))
    return multivalue([to_text(a) + glue + to_text(b) for a, b in pairs])


_SPAN = re.compile(r"(\d+)\s*([a-z]+)", re.IGNORECASE)
_STEP_UNITS = MODIFIER_UNITS & SECONDS.keys()  # s, m, h, d, w
_MVRANGE_LIMIT = 100_000  # not Splunk's: a guard against a typo filling memory


def _mvrange(start: Value, end: Value, step: Value = 1) -> Value:
    """start, start+step, ... up to but not including end; `step` may be a time span such as
    "7d" for epoch times (the page's example)."""
    first, last, increment = _number(start), _number(end), _step(step)
    if first is None or last is None or not increment:
        return None
    count = max(0, math.ceil((last - first) / increment))
    if count > _MVRANGE_LIMIT:
        raise EvalError(f"mvrange would make {count} values; the limit is {_MVRANGE_LIMIT}")
    return multivalue([first + i * increment for i in range(count)])


def _step(step: Value) -> int | float | None:
    """A number, or a time span in any spelling of a time modifier's unit of fixed length (s, m,
    h, d, w): the page's example is "7d" and it names no units, so months, quarters and years,
    whose length varies, give null, as does bin's subsecond `ms`, which time modifiers lack."""
    number = _number(step)
    if number is not None:
        return number
    span = _SPAN.fullmatch(_scalar_text(step).strip())
    unit = None if span is None else time_unit(span.group(2))
    if unit not in _STEP_UNITS:
        return None
    return int(span.group(1)) * SECONDS[unit]


def _mvfilter(args: tuple[ast.Expr, ...], row: Row, evaluate: Evaluate) -> Value | bool:
    """The values of the one field the predicate names for which it is true, each value bound
    to the field in turn; null when none is."""
    (predicate,) = args
    name = _single_field(predicate)
    kept = [v for v in values_of(row.get(name)) if truth(evaluate(predicate, {**row, name: v}))]
    return multivalue(kept)


@lru_cache(maxsize=1024)
def _single_field(expr: ast.Expr) -> str:
    (name,) = ast.expression_fields(expr)
    return name


def _check_mvfilter(call: ast.Call) -> None:
    names = ast.expression_fields(call.args[0])
    if len(names) != 1:
        raise _bind_error(f"mvfilter's predicate must use exactly one field, not {len(names)} "
                          f"({', '.join(sorted(names)) or 'none'})", call.args[0])


def _mvmap(args: tuple[ast.Expr, ...], row: Row, evaluate: Evaluate) -> Value | bool:
    """The expression evaluated once per value of the field, bound to that value; null results
    are dropped."""
    field, expression = args
    results = [evaluate(expression, {**row, field.name: v}) for v in values_of(row.get(field.name))]
    return multivalue([v for r in results if not isinstance(r, bool) for v in values_of(r)])


def _check_mvmap(call: ast.Call) -> None:
    if not isinstance(call.args[0], ast.Field):
        raise _bind_error("mvmap's first argument must be a field name, which the expression "
                          "uses for each value", call.args[0])


def _split(value: Value, delimiter: Value) -> Value:
    delimiter = to_text(delimiter)
    text = _scalar_text(value)
    return multivalue(list(text) if delimiter == "" else text.split(delimiter))


def _commands(value: Value) -> Value:
    """The commands of a search string (the page: "search foo | stats count | sort count" gives
    search, stats, sort). Text before the first pipe that does not start with a command name
    is an implied search; subsearches in brackets are not read."""
    names = []
    for position, segment in enumerate(_pipe_segments(_scalar_text(value))):
        words = segment.split(None, 1)
        if words:
            first = words[0].lower()
            names.append(first if position or first in SPLUNK_COMMANDS else "search")
    return multivalue(names)


def _pipe_segments(text: str) -> list[str]:
    segments, current, quoted, depth, escaped = [], [], False, 0, False
    for char in text:
        if char == "|" and not quoted and depth == 0:
            segments.append("".join(current))
            current = []
            continue
        current.append(char)
        quoted ^= char == '"' and not escaped
        depth += 0 if quoted else (char == "[") - (char == "]")
        escaped = char == "\\" and not escaped
    return [*segments, "".join(current)]


# ---- statistical ---------------------------------------------------------------------------------


def _max(*args: Value | bool) -> Scalar | None:
    """The greatest value of all arguments (multivalue fields give each value); numbers compare
    as numbers, strings as text, and strings are greater than numbers (statistical page)."""
    numbers, strings = _numbers_and_strings(args)
    if strings:
        return max(strings, key=to_text)
    return max(numbers, key=to_number) if numbers else None


def _min(*args: Value | bool) -> Scalar | None:
    numbers, strings = _numbers_and_strings(args)
    if numbers:
        return min(numbers, key=to_number)
    return min(strings, key=to_text) if strings else None


def _numbers_and_strings(args: tuple[Value | bool, ...]) -> tuple[list[Scalar], list[Scalar]]:
    values = [v for arg in args if not isinstance(arg, bool) for v in values_of(arg)]
    numbers = [v for v in values if to_number(v) is not None]
    return numbers, [v for v in values if to_number(v) is None]


# ---- text ----------------------------------------------------------------------------------------


def _replace(value: Value, pattern: Value, replacement: Value) -> Value:
    regex, template = _regex(to_text(pattern)), to_text(replacement)
    return _each(value, lambda v: regex.sub(lambda m: _expand(template, m), to_text(v)))


_BACKREFERENCE = re.compile(r"\\(\d|\\)")


def _expand(template: str, match: re.Match) -> str:
    """A replacement with `\\1`..`\\9` group references and `\\\\` for a backslash; any other
    backslash stays literal (Windows paths), where Python's own template syntax would fail."""
    def piece(ref: re.Match) -> str:
        token = ref.group(1)
        if token == "\\":
            return "\\"
        return (match.group(int(token)) or "") if int(token) <= len(match.groups()) else ""

    return _BACKREFERENCE.sub(piece, template)


def _substr(value: Value, start: Value, length: Value = None) -> str:
    """1-based; a negative start counts from the end (the page: substr("splunk", -3, 3))."""
    text, start = _scalar_text(value), int(_number(start) or 0)
    begin = max(start - 1 if start > 0 else len(text) + start if start < 0 else 0, 0)
    if length is None:
        return text[begin:]
    return text[begin:begin + max(int(_number(length) or 0), 0)]


def _trim(side: str) -> Callable:
    """Without `chars`, spaces and tabs are removed (text functions page)."""
    strip = {"both": str.strip, "left": str.lstrip, "right": str.rstrip}[side]

    def trim(value: Value, chars: Value = None) -> Value:
        chars = " \t" if chars is None else to_text(chars)
        return _each(value, lambda v: strip(to_text(v), chars))

    return trim


def _urldecode(text: str) -> str:
    """%XX escapes decoded as UTF-8; `+` is left as it is (the page is silent about it)."""
    return unquote(text)


def _spath(value: Value, path: Value) -> Value:
    """The values at a location path in JSON or XML text, with the spath command's path rules;
    null when the path finds nothing or the text is neither."""
    try:
        steps = parse_path(_scalar_text(path))
    except SplError:
        return None
    documents = (parse_document(to_text(v)) for v in values_of(value))
    return multivalue([found for document in documents if document is not None
                       for found in follow(document, steps)])


def _check_spath(call: ast.Call) -> None:
    path = _literal_text(call, 1)
    if path is not None:
        parse_path(path, call.args[1].span)


# ---- the registry --------------------------------------------------------------------------------


def _math(fn: Callable, low: int, high: int) -> Function:
    return Function(_numeric(fn), low, high)


FUNCTIONS: dict[str, Function] = {
    # comparison and conditional
    "if": Function(_if, 3, 3, lazy=True),
    "case": Function(_case, 2, None, lazy=True, check=_check_pairs),
    "validate": Function(_validate, 2, None, lazy=True, check=_check_pairs),
    "coalesce": Function(_coalesce, 1, None, lazy=True),
    "in": Function(_in, 2, None),
    "nullif": Function(_nullif, 2, 2),
    "null": Function(lambda: None, 0, 0),
    "true": Function(lambda: True, 0, 0),
    "false": Function(lambda: False, 0, 0),
    "match": Function(_null_if_any_null(_match), 2, 2, check=_check_regex(1)),
    "like": Function(_null_if_any_null(_like), 2, 2),
    "cidrmatch": Function(_null_if_any_null(_cidrmatch), 2, 2, check=_check_cidr),
    "searchmatch": Function(_searchmatch, 1, 1, lazy=True, check=_check_searchmatch),
    # conversion
    "tonumber": Function(_null_if_any_null(_tonumber), 1, 2, check=_check_tonumber),
    "tostring": Function(_null_if_any_null(_tostring), 1, 2, check=_check_tostring),
    "printf": Function(_printf, 1, None, check=_check_printf),
    "ipmask": Function(_null_if_any_null(_ipmask), 2, 2),
    # cryptographic
    "md5": _digest("md5"),
    "sha1": _digest("sha1"),
    "sha256": _digest("sha256"),
    "sha512": _digest("sha512"),
    # date and time
    "now": Function(_now, 0, 0),
    "time": Function(time.time, 0, 0),
    "relative_time": Function(_null_if_any_null(_relative_time), 2, 2, check=_check_relative_time),
    "strftime": Function(_null_if_any_null(_strftime), 2, 2),
    "strptime": Function(_null_if_any_null(_strptime), 2, 2),
    # informational
    "isnull": Function(lambda v: v is None, 1, 1),
    "isnotnull": Function(lambda v: v is not None, 1, 1),
    "isnum": Function(_is_number, 1, 1),
    "isint": Function(_isint, 1, 1),
    "isstr": Function(_isstr, 1, 1),
    "isbool": Function(lambda v: isinstance(v, bool), 1, 1),
    "typeof": Function(_typeof, 1, 1),
    # mathematical
    "abs": _math(abs, 1, 1),
    "ceil": _math(math.ceil, 1, 1),
    "ceiling": _math(math.ceil, 1, 1),
    "floor": _math(math.floor, 1, 1),
    "round": _math(_round, 1, 2),
    "exact": _math(lambda n: n, 1, 1),
    "exp": _math(math.exp, 1, 1),
    "ln": _math(math.log, 1, 1),
    "log": _math(_log, 1, 2),
    "pow": _math(math.pow, 2, 2),
    "sqrt": _math(math.sqrt, 1, 1),
    "pi": Function(lambda: 3.14159265359, 0, 0),  # the page: "pi to 11 digits of precision"
    **{name: _math(getattr(math, name), 1, 1) for name in _TRIG},
    "atan2": _math(math.atan2, 2, 2),
    "hypot": _math(math.hypot, 2, 2),
    # multivalue
    "mvappend": Function(_mvappend, 1, None),
    "mvcount": Function(_mvcount, 1, 1),
    "mvdedup": Function(_null_if_any_null(_mvdedup), 1, 1),
    "mvfilter": Function(_mvfilter, 1, 1, lazy=True, check=_check_mvfilter),
    "mvfind": Function(_null_if_any_null(_mvfind), 2, 2, check=_check_regex(1)),
    "mvindex": Function(_null_if_any_null(_mvindex), 2, 3),
    "mvjoin": Function(_null_if_any_null(_mvjoin), 2, 2),
    "mvmap": Function(_mvmap, 2, 2, lazy=True, check=_check_mvmap),
    "mvrange": Function(_null_if_any_null(_mvrange), 2, 3),
    "mvsort": Function(_null_if_any_null(_mvsort), 1, 1),
    "mvzip": Function(_null_if_any_null(_mvzip), 2, 3),
    "split": Function(_null_if_any_null(_split), 2, 2),
    "commands": Function(_null_if_any_null(_commands), 1, 1),
    # statistical
    "max": Function(_max, 1, None),
    "min": Function(_min, 1, None),
    "random": Function(lambda: random.randint(0, 2**31 - 1), 0, 0),
    # text
    "len": Function(_null_if_any_null(lambda v: len(_scalar_text(v))), 1, 1),
    "lower": _text_function(str.lower),
    "upper": _text_function(str.upper),
    "trim": Function(_null_if_any_null(_trim("both")), 1, 2),
    "ltrim": Function(_null_if_any_null(_trim("left")), 1, 2),
    "rtrim": Function(_null_if_any_null(_trim("right")), 1, 2),
    "replace": Function(_null_if_any_null(_replace), 3, 3, check=_check_regex(1)),
    "substr": Function(_null_if_any_null(_substr), 2, 3),
    "urldecode": _text_function(_urldecode),
    "spath": Function(_null_if_any_null(_spath), 2, 2, check=_check_spath),
}


def check_calls(expr: ast.Expr) -> None:
    """Every function called in `expr` exists, gets a number of arguments it accepts, and passes
    its own check of literal arguments."""
    if isinstance(expr, ast.Call):
        _check_call(expr)
    for child in _children(expr):
        check_calls(child)


def _check_call(call: ast.Call) -> None:
    function = FUNCTIONS.get(call.name)
    if function is None:
        raise UnknownFunctionError(f"unknown function `{call.name}`", call.span,
                                   suggestion(call.name, FUNCTIONS))
    count, low, high = len(call.args), function.min_args, function.max_args
    if count < low or (high is not None and count > high):
        wanted = (str(low) if high == low else f"{low} or more" if high is None
                  else f"{low} to {high}")
        raise BadArgumentError(f"{call.name}() takes {wanted} argument(s), got {count}", call.span)
    if function.check is not None:
        function.check(call)


def _children(expr: ast.Expr) -> tuple[ast.Expr, ...]:
    if isinstance(expr, ast.Call):
        return expr.args
    if isinstance(expr, ast.Binary):
        return (expr.left, expr.right)
    if isinstance(expr, ast.Unary):
        return (expr.operand,)
    return ()
