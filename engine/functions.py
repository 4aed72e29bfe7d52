"""Eval functions: one explicit registry from name to implementation, arity and bind-time check.

Each entry says how many arguments it takes, so that binding rejects `lower(a, b)` before a
row is read; whether it receives its arguments evaluated (most) or as expressions (`lazy`: the
conditionals, which must not evaluate the branch they don't take, and the functions that bind a
field to each of its values or read the whole row); and optionally a `check` that binding runs
on the call, so that a literal argument that can never work (a bad regex, printf format, time
modifier, search string or tostring format) fails with a caret under it; and the type of its
result where that does not depend on its arguments (`returns`: Number, String or Boolean), which
binding uses to reject a Boolean assigned to a field or a non-Boolean where condition
(`check_assignment`, `check_condition`) and which makes a String function's text a `Text`
(engine.values). Names are case-insensitive (the parser lower-cases them).

The evaluator (engine.expressions) imports this registry, so this module does not import it
back: `Function.call` is handed the evaluator, and a lazy function receives it as a parameter.

Semantics follow Splunk's Search Reference, "Evaluation functions", one page per group, under
https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/ :
comparison-and-conditional-functions, conversion-functions, cryptographic-functions,
date-and-time-functions, informational-functions, mathematical-functions,
multivalue-eval-functions, statistical-eval-functions, text-functions,
trig-and-hyperbolic-functions and json-functions. Time variables: see engine.timefmt.

Nulls: a function given a null argument returns null, except those whose purpose is nulls
(coalesce, isnull, isnotnull, typeof, nullif's second argument, mvappend, mvcount, min, max,
avg, printf's arguments, the values given to the JSON functions, which become JSON null, the
lazy conditionals).

Choices where the pages are silent (each also noted at its function):
- A function that reads one scalar (len, substr, split, tonumber, the math functions, strftime,
  printf's arguments) uses the first value of a multivalue field; the text functions that map
  values (lower, upper, trim, ltrim, rtrim, replace, urldecode, tostring, the hashes, ipmask)
  apply to every value.
- match, like, cidrmatch, in and the other predicates return null for a null first argument,
  as eval's comparisons do, so `NOT match(missing, "x")` is null, not true.
- Field text that reads as a number is a number (`isnum`, `typeof`, `min`/`max`, `avg`), as
  Splunk treats numeric field values; a String an expression made (a quoted literal, a text
  function's result) is not (engine.values).
- `now()` is the search's start when the runner has set `CLOCK` (engine.clock);
  otherwise it reads the wall clock at each call. strftime, strptime and relative_time work in
  `CLOCK`'s time zone, UTC by default.
Not supported: sigfig (it needs the significant figures of the operands, which plain numbers
do not carry), sum(), the bitwise functions and lookup() (each an unknown function with a
did-you-mean).
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import math
import random
import re
import sys
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
from engine.locationpaths import follow, follow_json, parse_document, parse_path
from engine.evaluation import (BOOLEAN, NUMBER, STRING, Evaluate, EvalError, EvalTypeError,
                               as_string, compare, number, truth)
from engine.matching import Predicate, compile_search, like
from engine.regexes import Match, Regex, RegexLimitError, compile_regex
from engine.table import Row
from engine.timefmt import format_time, moment_of, parse_time
from engine.timemodifiers import resolve
from engine.timeunits import MODIFIER_UNITS, SECONDS, time_unit
from engine.values import Scalar, Text, Value, multivalue, to_number, to_text, values_of


@dataclass(frozen=True)
class Function:
    fn: Callable
    min_args: int
    max_args: int | None
    lazy: bool = False
    check: Callable[[ast.Call], None] | None = None
    returns: str | None = None  # NUMBER, STRING or BOOLEAN; None when it follows the arguments
    pattern: int | None = None  # the argument holding a regular expression, if one does

    def call(self, args: tuple[ast.Expr, ...], row: Row, evaluate: Evaluate) -> Value | bool:
        """The function's value for `row`; `evaluate` is the evaluator that called it, which a
        lazy function is handed to evaluate the arguments it needs. A String function's text is
        a `Text`, whatever the implementation built it from. A regular expression that gives up
        (engine.regexes) ends the search with the caret under the pattern's argument."""
        try:
            if self.lazy:
                result = self.fn(args, row, evaluate)
            else:
                result = self.fn(*(evaluate(a, row) for a in args))
        except RegexLimitError as error:
            if error.span is None and self.pattern is not None:
                error.span = args[self.pattern].span
            raise
        return as_string(result) if self.returns == STRING else result


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
    """The Number an argument is (engine.evaluation.number): a String is not one."""
    return number(value)


_WHOLE_LIMIT = 2 ** 63


def _whole(number: int | float) -> int:
    """A position, count, base or number of places as an int: a fraction is cut off, and a
    number beyond ±2**63 (1e400 is infinity) is taken as ±2**63, past every text and list
    there is, rather than failing."""
    return int(max(min(number, _WHOLE_LIMIT), -_WHOLE_LIMIT))


def _each(value: Value, fn: Callable) -> Value:
    """Apply fn to each value of a (possibly multivalue) field."""
    if isinstance(value, tuple):
        return tuple(fn(v) for v in value)
    return fn(value)


def _text_function(fn: Callable[[str], Scalar]) -> Function:
    """A one-argument function applied to the text of every value; null for null."""
    return Function(_null_if_any_null(lambda value: _each(value, lambda v: fn(to_text(v)))), 1, 1,
                    returns=STRING)


def _equal(a: Scalar, b: Scalar) -> bool:
    """eval's `=` (engine.evaluation.compare): as numbers when both are Numbers, else as text."""
    return compare(a, b, lambda x, y: x == y)


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


def _regex(pattern: str) -> Regex:
    """The PCRE regex of match, replace and mvfind (engine.regexes: as rex and regex compile
    theirs, cached there). A pattern from a field's value that does not compile fails that row."""
    try:
        return compile_regex(pattern)
    except BadArgumentError as error:
        raise EvalError(error.message, hint=error.hint) from None


def _check_regex(index: int) -> Callable[[ast.Call], None]:
    def check(call: ast.Call) -> None:
        pattern = _literal_text(call, index)
        if pattern is not None:
            try:
                _regex(pattern)
            except EvalError as error:
                raise _bind_error(error.message, call.args[index], error.hint) from None

    return check


def _match(value: Value, pattern: Value) -> bool:
    return any(_regex(to_text(pattern)).search(to_text(v)) for v in values_of(value))


def _like(value: Value, pattern: Value) -> bool:
    matches = like(to_text(pattern))
    return any(matches(to_text(v)) for v in values_of(value))


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
    text, radix = to_text(first), _whole(_number(base) or 10)
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
    """Booleans become "True"/"False" (the page's `tostring(1==1)`); a format applies to Numbers
    (numbers and numeric field text) and leaves other text as it is: the page's format "is only
    used when the value argument is a number", and `tostring("5", "binary")` "is not
    supported", a quoted literal being a String."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if format_ is None:
        return _each(value, to_text)
    style = to_text(format_)
    if style not in _TOSTRING_FORMATS:
        raise EvalError(f"tostring: unknown format `{style}`")
    return _each(value, lambda v: _formatted(v, style))


def _formatted(value: Scalar, style: str) -> str:
    amount = number(value)
    if amount is None or not math.isfinite(amount):
        return to_text(value)
    if style == "hex":  # the page: tostring(15, "hex") is 0xF
        return ("-" if amount < 0 else "") + f"0x{abs(int(amount)):X}"
    if style == "commas":  # the page: decimals are rounded to two places, 12,345.68
        return f"{amount:,.2f}" if isinstance(amount, float) else f"{amount:,}"
    return _duration(amount)


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
_CONVERSIONS = "diuoxXpeEfFgGaAszc%"
_MISSING = object()
PRINTF_LIMIT = 100_000
"""The widest width and precision printf takes (not Splunk's: the conversion-functions page
names none; C's printf fails past INT_MAX). A guard against a format filling memory."""


class _Unformattable(Exception):
    """An argument a numeric conversion cannot read; printf then returns null."""


def _printf(fmt: Value, *args: Value) -> str | None:
    """Splunk's printf (conversion-functions page): C's sprintf for %d %i %u %o %x %X %p %e %E
    %f %F %g %G %a %A %s %z %c %%, flags - + space # 0 and ' (thousands commas), width and
    precision, `*` to take either from the arguments. Choices: a null argument prints as empty
    text for %s and %c, while a null or non-numeric one for a numeric conversion makes the result
    null; %d truncates a fraction; negative numbers print as unsigned 64-bit for %u %o %x %X; extra
    arguments are ignored, too few is an error. The page says the values "can be strings,
    numbers, computations, or fields", so a numeric conversion reads any text that is a number,
    a quoted literal too."""
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
    for size in (width, precision):
        if size is not None and abs(size) > PRINTF_LIMIT:
            raise EvalError(_printf_too_wide(spec.group(0), size))
    if width is not None and width < 0:
        flags, width = flags + "-", -width
    body = _render(conv, flags, precision, _next(values))
    if "'" in flags and conv in "diufFgG":
        body = re.sub(r"\d+", lambda digits: _thousands(digits.group()), body, count=1)
    zero = "0" in flags and conv not in "scz" and not (precision is not None and conv in "diuoxX")
    return _pad(body, width, "-" in flags, zero)


def _printf_too_wide(spec: str, size: int) -> str:
    return f"printf: `{spec}` asks for {size:,} characters; the limit is {PRINTF_LIMIT:,}"


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
    return _whole(number)


def _render(conv: str, flags: str, precision: int | None, value: Scalar | None) -> str:
    dot = "" if precision is None or precision < 0 else f".{precision}"
    if conv in "sz":
        return f"%{dot}s" % ("" if value is None else to_text(value))
    if conv == "c":
        return _character(value)
    if conv in "eEfFgG":
        return f"%{_c_flags(flags)}{dot}{conv}" % float(_numeric_argument(value))
    if conv in "aA":
        body = _hex_float(float(_numeric_argument(value)), precision, flags)
        return body.upper() if conv == "A" else body
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


_HEX_DIGITS = 13  # the 52 bits of a double's fraction


def _hex_float(value: float, precision: int | None, flags: str) -> str:
    """%a as C prints it: [-]0xh.hhhp±d, the fraction without trailing zeros unless a precision
    rounds it (half to even, carrying into the leading digit as glibc does: %.0a of 1.5 is
    0x2p+0); `#` keeps the point. The page: printf("%.3A", pi()) is 0X1.922P+1."""
    sign = ("-" if math.copysign(1.0, value) < 0 else "+" if "+" in flags
            else " " if " " in flags else "")
    mantissa, exponent = float.hex(abs(value))[2:].split("p")
    lead, fraction = mantissa.split(".")
    if precision is None:
        fraction = fraction.rstrip("0")
    elif precision < _HEX_DIGITS:
        shift = 4 * (_HEX_DIGITS - precision)
        whole = int(lead + fraction.ljust(_HEX_DIGITS, "0"), 16)
        kept, rest = divmod(whole, 1 << shift)
        half = 1 << (shift - 1)
        kept += rest > half or (rest == half and kept % 2 == 1)
        digits = f"{kept:x}".rjust(precision + 1, "0")
        lead, fraction = digits[:-precision or None], digits[len(digits) - precision:]
    else:
        fraction = fraction.ljust(precision, "0")
    point = "." if fraction or "#" in flags else ""
    return f"{sign}0x{lead}{point}{fraction}p{exponent}"


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
        if not 0 <= number <= sys.maxunicode:
            raise _Unformattable()
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
                              "supported: %d %i %u %o %x %X %p %e %f %g %a %s %c %% and their "
                              "upper-case forms")
        for size in (spec["width"], spec["precision"]):
            if size and size != "*" and int(size) > PRINTF_LIMIT:
                raise _bind_error(_printf_too_wide(spec.group(0), int(size)), call.args[0])
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
    try:  # a time no calendar holds (1e300) is null here, where format_time shows the number
        moment_of(float(moment), CLOCK.get().tz)
        return format_time(float(moment), _scalar_text(timeformat), CLOCK.get().tz)
    except (ValueError, OverflowError, OSError):
        return None


def _strptime(text: Value, timeformat: Value) -> int | float | None:
    epoch = parse_time(_scalar_text(text), _scalar_text(timeformat), CLOCK.get().tz)
    return None if epoch is None else int(epoch) if epoch.is_integer() else epoch


# ---- informational -------------------------------------------------------------------------------


def _is_number(value: Value | bool) -> bool:
    """A Number: a number or numeric field text, not a quoted literal (the page: isnum("NaN")
    is false, while a field holding "NaN" is a number)."""
    return not isinstance(value, tuple) and number(value) is not None


def _isstr(value: Value | bool) -> bool:
    """A String: a quoted literal or text function's result, and any field text, which "behaves
    as both a string and a number" (the page's isstr over a field holding "NaN" is true)."""
    return isinstance(value, str)


def _isint(value: Value | bool) -> bool:
    """A Number without a fractional part (a field's "3" and 6/2 are; "3.5" is not)."""
    return _is_number(value) and float(number(value)).is_integer()


def _typeof(value: Value | bool) -> str:
    """Number, String, Boolean, or Invalid for null (the page's typeof(badfield)); Multivalue
    for a multivalue field (not on the page). Field text that reads as a number is a Number,
    as the page's typeof(_time) is; a String an expression made is a String, so typeof(1 . 2)
    is String. The page prints the example's Boolean as "Bool" ("NumberStringBoolInvalid");
    the Boolean type is "Boolean" everywhere else on the page (isbool) and here."""
    if value is None:
        return "Invalid"
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, tuple):
        return "Multivalue"
    return NUMBER if _is_number(value) else STRING


def _isarray(value: Value | bool) -> bool:
    """Text that is a JSON array (the page: isarray("[1, 2, 3]") is true, isarray(1) false)."""
    return isinstance(_json_value(value), list)


def _isobject(value: Value | bool) -> bool:
    """Text that is a JSON object; the page's `{cities: "3"}`, unquoted key, is not one."""
    return isinstance(_json_value(value), dict)


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
    -4 (https://qiita.com/frozencatpisces/items/3e0eaa1efcca9e242df8). Rounding at a place
    where the number has no digit left (a double holds 17 significant digits) gives it back as
    it is, and at more places left of the point than any double reaches (309) gives 0: so
    round(1.5, 1e300) is 1.5 at once rather than a power of ten of 10**300 digits."""
    places = _whole(digits)
    if places >= 0 and isinstance(number, int):
        return number
    if places < -308:
        return 0
    scaled = number * 10.0 ** min(places, 308)
    if not math.isfinite(scaled) or abs(scaled) >= 2 ** 52 or places > 308:
        return number
    rounded = math.floor(scaled + 0.5) / 10 ** places
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
    index = _whole(_number(position) or 0)
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
    steps = (last - first) / increment
    if math.isfinite(steps):
        count = max(0, math.ceil(steps))
    else:  # an infinite end: endless when the steps go toward it, else none
        count = math.inf if (last - first) * increment > 0 else 0
    if count > _MVRANGE_LIMIT:
        raise EvalError(f"mvrange would make more than {_MVRANGE_LIMIT:,} values")
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
    """The Numbers and the Strings among the values: `max(1, "3")` is "3", a quoted literal
    being a String, while a field's "3" is a number."""
    values = [v for arg in args if not isinstance(arg, bool) for v in values_of(arg)]
    numbers = [v for v in values if number(v) is not None]
    return numbers, [v for v in values if number(v) is None]


def _avg(*args: Value | bool) -> int | float | None:
    """The mean of the Numbers among the values (each value of a multivalue field); values that
    are not numbers, and absent fields, are left out, and null when none is left. The page's
    examples: avg(5.0, "9" in a field) is 7, avg(1, 2, 3) is 2 and a field's "somedata" with
    2 and 3 gives 2.5, so the mean is not rounded to an integer as its description says."""
    numbers, _ = _numbers_and_strings(args)
    if not numbers:
        return None
    mean = sum(number(v) for v in numbers) / len(numbers)
    return int(mean) if mean.is_integer() else mean


def _check_avg(call: ast.Call) -> None:
    """The page: avg(1, 2, "3") "returns an error because one of the arguments in the function
    is a string"; so does any argument whose type is String."""
    for arg in call.args:
        if expression_type(arg) == STRING:
            raise _bind_error("avg() takes numbers; this argument is a string", arg,
                              'convert it, e.g. tonumber("3")')


# ---- text ----------------------------------------------------------------------------------------


def _replace(value: Value, pattern: Value, replacement: Value) -> Value:
    regex, template = _regex(to_text(pattern)), to_text(replacement)
    return _each(value, lambda v: regex.sub(lambda m: _expand(template, m), to_text(v)))


_BACKREFERENCE = re.compile(r"\\(\d|\\)")


def _expand(template: str, match: Match) -> str:
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
    text, start = _scalar_text(value), _whole(_number(start) or 0)
    begin = max(start - 1 if start > 0 else len(text) + start if start < 0 else 0, 0)
    if length is None:
        return text[begin:]
    return text[begin:begin + max(_whole(_number(length) or 0), 0)]


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


# ---- JSON ----------------------------------------------------------------------------------------
#
# The json-functions page, and mv_to_json_array on the multivalue-eval-functions page. There is
# no JSON value type here: a JSON object or array is its compact text, which the functions parse
# where they take one (text that is a JSON array is an array: isarray("[1, 2, 3]") is true).
# Paths are spath's location paths (engine.locationpaths: `a.b{0}.c`, `{}` for every element),
# parsed and read by the same code (`{N}` counts from 0 in JSON there, as the page's
# json_extract(cities, "{0}") is London). Where they differ: what several values make (spath a
# multivalue field, json_extract a JSON array), and json_set, json_append and json_extend, which
# follow the same steps to the places of values (_slots) so as to change them.


_NOT_JSON = object()


def _json_value(value: Value | bool) -> object:
    """The JSON a value is: the parsed text of a string (any JSON value), a number or Boolean as
    itself; _NOT_JSON for null, a multivalue field, or text that is not JSON."""
    if value is None or isinstance(value, tuple):
        return _NOT_JSON
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value, parse_constant=_no_constant)
    except ValueError:
        return _NOT_JSON


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _json_container(value: Value | bool) -> dict | list | None:
    document = _json_value(value)
    return document if isinstance(document, (dict, list)) else None


def _json_object_of(value: Value | bool) -> dict | None:
    document = _json_value(value)
    return document if isinstance(document, dict) else None


def _as_json(value: Value | bool) -> object:
    """An eval value inside JSON: null, a Boolean or a number as itself, a multivalue field as an
    array of its values, text that is a JSON object or array as that JSON (the page's
    json_object("name", json_array("maria", "arun")) nests the array), field text that is a JSON
    number as the number (a field's "25" is 25, the page's "age":25), any other text a string."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, tuple):
        return [_as_json(v) for v in value]
    document = _json_value(value)
    if isinstance(document, (dict, list)):
        return document
    if type(value) is not Text and isinstance(document, (int, float)) \
            and not isinstance(document, bool):
        return document
    return str(value)


def _json_dump(document: object) -> str:
    """Compact JSON; a float that is whole is written as an integer, as eval prints numbers."""
    return json.dumps(_whole_numbers(document), separators=(",", ":"), ensure_ascii=False)


def _whole_numbers(node: object) -> object:
    if isinstance(node, float) and node.is_integer() and abs(node) < 1e15:
        return int(node)
    if isinstance(node, dict):
        return {k: _whole_numbers(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_whole_numbers(v) for v in node]
    return node


def _native(node: object) -> Value | bool:
    """A JSON value as eval's own: a string a String, a number a Number, true/false a Boolean,
    null null, an object or array its JSON text (json_extract: "converts the value to the native
    type")."""
    if isinstance(node, str):
        return Text(node)
    if isinstance(node, (dict, list)):
        return Text(_json_dump(node))
    return node


def _json_object(*members: Value | bool) -> str:
    """The page: a key must be a string; a value any value (see _as_json)."""
    document = {}
    for key, member in zip(members[::2], members[1::2]):
        if key is None or isinstance(key, (bool, tuple)):
            raise EvalError("json_object: a key must be a string")
        document[to_text(key)] = _as_json(member)
    return _json_dump(document)


def _check_members(call: ast.Call) -> None:
    """json_object takes key-value pairs; json_set_exact, after the document, key-value pairs;
    json_set, json_append and json_extend, after the document, path-value pairs."""
    pairs = call.args if call.name == "json_object" else call.args[1:]
    if len(pairs) % 2:
        noun = "key" if call.name in ("json_object", "json_set_exact") else "path"
        raise _bind_error(f"{call.name}() takes pairs of {noun} and value; the last one has no "
                          "value", call.args[-1])


def _json_array(*values: Value | bool) -> str:
    return _json_dump([_as_json(v) for v in values])


def _json(value: Value | bool) -> Value:
    """The value when it is JSON (any JSON value: an object, an array, a number, a quoted
    string, true, false, null), else null; returned as it is, not reformatted (the page is
    silent on reformatting)."""
    return None if _json_value(value) is _NOT_JSON else value


def _json_valid(value: Value | bool) -> bool | None:
    return None if value is None else _json_value(value) is not _NOT_JSON


def _json_keys(value: Value | bool) -> str | None:
    """The keys of an object, as a JSON array; null for an array ("cannot be used on JSON
    arrays") or anything else."""
    document = _json_object_of(value)
    return None if document is None else _json_dump(list(document))


def _json_extract(document_text: Value | bool, *paths: Value | bool) -> Value | bool:
    """Without a path the value as eval's native type; with one path the value there, natively,
    or when the path fans out with `{}` a JSON array of what it finds (the page's
    json_extract(cities, "{}.name") is ["London","Venice","San Francisco"]); with several paths
    a JSON array of each path's value (null where a path finds nothing). Null when the text is
    not JSON or one path finds nothing."""
    document = _json_value(document_text)
    if document is _NOT_JSON:
        return None
    if not paths:
        return _native(document)
    found = [_at_path(document, path) for path in paths]
    if len(found) == 1:
        return None if found[0] is _NOT_JSON else _native(found[0])
    return _json_dump([None if f is _NOT_JSON else f for f in found])


def _at_path(document: object, path: Value | bool) -> object:
    try:
        steps = parse_path(_scalar_text(path))
    except SplError:
        return _NOT_JSON
    nodes = follow_json(document, steps)
    if any(index == "" for step in steps for index in step.indexes):
        return nodes
    return nodes[0] if nodes else _NOT_JSON


def _json_extract_exact(document_text: Value | bool, *keys: Value | bool) -> Value | bool:
    """As json_extract, with each key a literal top-level key, dots and all (the page's
    "system.splunk.path")."""
    document = _json_value(document_text)
    if document is _NOT_JSON:
        return None
    if not keys:
        return _native(document)
    found = [document.get(to_text(k), _NOT_JSON) if isinstance(document, dict) and k is not None
             else _NOT_JSON for k in keys]
    if len(found) == 1:
        return None if found[0] is _NOT_JSON else _native(found[0])
    return _json_dump([None if f is _NOT_JSON else f for f in found])


def _json_has_key_exact(document_text: Value | bool, key: Value | bool) -> bool | None:
    if document_text is None or key is None:
        return None
    document = _json_object_of(document_text)
    return document is not None and to_text(key) in document


def _json_edit(leaf: Callable[[object, object], object], create: bool) -> Callable:
    """A json_set, json_append or json_extend: the document with, for each path-value pair from
    left to right, every value the path names replaced by leaf(old value, JSON of the value),
    or left as it is where leaf gives _NOT_JSON. A path that does not fit the document is
    skipped (the pages: "the update is skipped and doesn't generate an error", "ignores
    path-value pairs for which the <path> does not identify any valid value"); json_set
    creates the missing keys of a path. Null when the document is not a JSON object or array."""
    def edit(document_text: Value | bool, *pairs: Value | bool) -> str | None:
        document = _json_container(document_text)
        if document is None:
            return None
        root = [document]
        for path, value in zip(pairs[::2], pairs[1::2]):
            try:
                steps = parse_path(_scalar_text(path))
            except SplError:
                continue
            new = _as_json(value)
            for container, key in _slots(root, steps, create):
                changed = leaf(_member(container, key), new)
                if changed is not _NOT_JSON:
                    container[key] = changed
        return _json_dump(root[0])

    return edit


Slot = tuple[dict | list, object]  # a value's place: its object and key, or array and index


def _member(container: dict | list, key: object) -> object:
    if isinstance(container, dict):
        return container.get(key, _NOT_JSON)
    return container[key] if key < len(container) else _NOT_JSON


def _slots(root: list, steps: list, create: bool) -> list[Slot]:
    """The places of every value a path names, the document being root[0]. With `create`, a
    missing key of an object is named too (the last step's, for its value) or made an empty
    object (an earlier step's, so that the path goes on); a missing array is never made."""
    slots: list[Slot] = [(root, 0)]
    for position, step in enumerate(steps):
        named: list[Slot] = []
        for slot in slots:
            node = _member(*slot)
            if not step.name:
                named.append(slot)
                continue
            if not isinstance(node, dict) or (step.name not in node and not create):
                continue
            if step.name not in node:
                if step.indexes:
                    continue
                if position < len(steps) - 1:
                    node[step.name] = {}
            named.append((node, step.name))
        slots = [found for slot in named for found in _indexed(slot, step.indexes)]
    return slots


def _indexed(slot: Slot, indexes: tuple[str, ...]) -> list[Slot]:
    slots = [slot]
    for index in indexes:
        arrays = [array for array in (_member(*s) for s in slots) if isinstance(array, list)]
        if index == "":
            slots = [(array, i) for array in arrays for i in range(len(array))]
        elif index.isascii() and index.isdigit():
            slots = [(array, int(index)) for array in arrays if int(index) < len(array)]
        else:
            slots = []  # {@attribute} is for XML
    return slots


def _set(old: object, new: object) -> object:
    return new


def _append(old: object, new: object) -> object:
    """The page: an array gets the value at its end, as one element even when it is an array; a
    scalar or object is wrapped in an array first."""
    if old is _NOT_JSON:
        return _NOT_JSON
    return [*old, new] if isinstance(old, list) else [old, new]


def _extend(old: object, new: object) -> object:
    """As _append, with the elements of `new`, which must be an array (else the pair is
    skipped), each appended."""
    if old is _NOT_JSON or not isinstance(new, list):
        return _NOT_JSON
    return [*old, *new] if isinstance(old, list) else [old, *new]


def _json_set_exact(document_text: Value | bool, *pairs: Value | bool) -> str | None:
    """The object with each literal key set to its value, dots and all (the page's
    {"system.splunk.path":"/opt/splunk"}). The page also says several pairs make "an array";
    the object with every pair set is what its example shape suggests, and what this gives."""
    document = _json_object_of(document_text)
    if document is None:
        return None
    for key, value in zip(pairs[::2], pairs[1::2]):
        if key is not None:
            document[to_text(key)] = _as_json(value)
    return _json_dump(document)


def _json_delete(document_text: Value | bool, *keys: Value | bool) -> str | None:
    """The object without the keys, each a name or a dotted path to a nested key (the page's
    "addresses.email"), given one by one or as a JSON array of them; no array indexes (the
    page: "Array indexing is not supported")."""
    document = _json_object_of(document_text)
    if document is None:
        return None
    for key in keys:
        listed = _json_container(key)
        for name in listed if isinstance(listed, list) else [key]:
            if name is not None:
                _delete(document, to_text(name).split("."))
    return _json_dump(document)


def _delete(node: object, names: list[str]) -> None:
    *parents, last = names
    for name in parents:
        node = node.get(name) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)


def _json_entries(value: Value | bool) -> str | None:
    """The members of an object as [{"key": ..., "value": ...}, ...] (the page's example)."""
    document = _json_object_of(value)
    if document is None:
        return None
    return _json_dump([{"key": k, "value": v} for k, v in document.items()])


def _json_array_to_mv(value: Value | bool, keep_quotes: Value | bool = False) -> Value:
    """The elements of a JSON array as a multivalue field: strings without their quotes unless
    the second argument is true(), other elements as their JSON text; null for anything but an
    array ("the function outputs nothing")."""
    document = _json_value(value)
    if not isinstance(document, list):
        return None
    quoted = keep_quotes is True
    return multivalue([(json.dumps(e, ensure_ascii=False) if quoted else e)
                       if isinstance(e, str) else _json_dump(e) for e in document])


def _mv_to_json_array(value: Value | bool, infer_types: Value | bool = False) -> str | None:
    """A JSON array of the values: each a JSON string of its text, or with true() each read as
    JSON ("removes one set of bracketing quote characters"), a value that is not JSON becoming
    null (the page: ["Buttercup","Fluttershy","Rarity",true,null])."""
    if value is None:
        return None
    if infer_types is not True:
        return _json_dump([to_text(v) for v in values_of(value)])
    parsed = (_json_value(to_text(v)) for v in values_of(value))
    return _json_dump([None if p is _NOT_JSON else p for p in parsed])


# ---- the registry --------------------------------------------------------------------------------


def _math(fn: Callable, low: int, high: int) -> Function:
    return Function(_numeric(fn), low, high, returns=NUMBER)


FUNCTIONS: dict[str, Function] = {
    # comparison and conditional
    "if": Function(_if, 3, 3, lazy=True),
    "case": Function(_case, 2, None, lazy=True, check=_check_pairs),
    "validate": Function(_validate, 2, None, lazy=True, check=_check_pairs),
    "coalesce": Function(_coalesce, 1, None, lazy=True),
    "in": Function(_in, 2, None, returns=BOOLEAN),
    "nullif": Function(_nullif, 2, 2),
    "null": Function(lambda: None, 0, 0),
    "true": Function(lambda: True, 0, 0, returns=BOOLEAN),
    "false": Function(lambda: False, 0, 0, returns=BOOLEAN),
    "match": Function(_null_if_any_null(_match), 2, 2, check=_check_regex(1), returns=BOOLEAN,
                      pattern=1),
    "like": Function(_null_if_any_null(_like), 2, 2, returns=BOOLEAN),
    "cidrmatch": Function(_null_if_any_null(_cidrmatch), 2, 2, check=_check_cidr,
                          returns=BOOLEAN),
    "searchmatch": Function(_searchmatch, 1, 1, lazy=True, check=_check_searchmatch,
                            returns=BOOLEAN),
    # conversion
    "tonumber": Function(_null_if_any_null(_tonumber), 1, 2, check=_check_tonumber,
                         returns=NUMBER),
    "tostring": Function(_null_if_any_null(_tostring), 1, 2, check=_check_tostring,
                         returns=STRING),
    "printf": Function(_printf, 1, None, check=_check_printf, returns=STRING),
    "ipmask": Function(_null_if_any_null(_ipmask), 2, 2, returns=STRING),
    # cryptographic
    "md5": _digest("md5"),
    "sha1": _digest("sha1"),
    "sha256": _digest("sha256"),
    "sha512": _digest("sha512"),
    # date and time
    "now": Function(_now, 0, 0, returns=NUMBER),
    "time": Function(time.time, 0, 0, returns=NUMBER),
    "relative_time": Function(_null_if_any_null(_relative_time), 2, 2, check=_check_relative_time,
                              returns=NUMBER),
    "strftime": Function(_null_if_any_null(_strftime), 2, 2, returns=STRING),
    "strptime": Function(_null_if_any_null(_strptime), 2, 2, returns=NUMBER),
    # informational
    "isnull": Function(lambda v: v is None, 1, 1, returns=BOOLEAN),
    "isnotnull": Function(lambda v: v is not None, 1, 1, returns=BOOLEAN),
    "isnum": Function(_is_number, 1, 1, returns=BOOLEAN),
    "isint": Function(_isint, 1, 1, returns=BOOLEAN),
    "isstr": Function(_isstr, 1, 1, returns=BOOLEAN),
    "isbool": Function(lambda v: isinstance(v, bool), 1, 1, returns=BOOLEAN),
    "isarray": Function(_isarray, 1, 1, returns=BOOLEAN),
    "isobject": Function(_isobject, 1, 1, returns=BOOLEAN),
    "typeof": Function(_typeof, 1, 1, returns=STRING),
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
    "pi": Function(lambda: 3.14159265359, 0, 0, returns=NUMBER),  # "pi to 11 digits of precision"
    **{name: _math(getattr(math, name), 1, 1) for name in _TRIG},
    "atan2": _math(math.atan2, 2, 2),
    "hypot": _math(math.hypot, 2, 2),
    # multivalue
    "mvappend": Function(_mvappend, 1, None),
    "mvcount": Function(_mvcount, 1, 1, returns=NUMBER),
    "mvdedup": Function(_null_if_any_null(_mvdedup), 1, 1),
    "mvfilter": Function(_mvfilter, 1, 1, lazy=True, check=_check_mvfilter),
    "mvfind": Function(_null_if_any_null(_mvfind), 2, 2, check=_check_regex(1), returns=NUMBER,
                       pattern=1),
    "mvindex": Function(_null_if_any_null(_mvindex), 2, 3),
    "mvjoin": Function(_null_if_any_null(_mvjoin), 2, 2, returns=STRING),
    "mvmap": Function(_mvmap, 2, 2, lazy=True, check=_check_mvmap),
    "mvrange": Function(_null_if_any_null(_mvrange), 2, 3),
    "mvsort": Function(_null_if_any_null(_mvsort), 1, 1),
    "mvzip": Function(_null_if_any_null(_mvzip), 2, 3, returns=STRING),
    "split": Function(_null_if_any_null(_split), 2, 2, returns=STRING),
    "commands": Function(_null_if_any_null(_commands), 1, 1, returns=STRING),
    "mv_to_json_array": Function(_mv_to_json_array, 1, 2, returns=STRING),
    # statistical
    "max": Function(_max, 1, None),
    "min": Function(_min, 1, None),
    "avg": Function(_avg, 1, None, check=_check_avg, returns=NUMBER),
    "random": Function(lambda: random.randint(0, 2**31 - 1), 0, 0, returns=NUMBER),
    # text
    "len": Function(_null_if_any_null(lambda v: len(_scalar_text(v))), 1, 1, returns=NUMBER),
    "lower": _text_function(str.lower),
    "upper": _text_function(str.upper),
    "trim": Function(_null_if_any_null(_trim("both")), 1, 2, returns=STRING),
    "ltrim": Function(_null_if_any_null(_trim("left")), 1, 2, returns=STRING),
    "rtrim": Function(_null_if_any_null(_trim("right")), 1, 2, returns=STRING),
    "replace": Function(_null_if_any_null(_replace), 3, 3, check=_check_regex(1),
                        returns=STRING, pattern=1),
    "substr": Function(_null_if_any_null(_substr), 2, 3, returns=STRING),
    "urldecode": _text_function(_urldecode),
    "spath": Function(_null_if_any_null(_spath), 2, 2, check=_check_spath, returns=STRING),
    # JSON
    "json": Function(_json, 1, 1),
    "json_object": Function(_json_object, 0, None, check=_check_members, returns=STRING),
    "json_array": Function(_json_array, 0, None, returns=STRING),
    "json_append": Function(_json_edit(_append, create=False), 3, None, check=_check_members,
                            returns=STRING),
    "json_array_to_mv": Function(_json_array_to_mv, 1, 2, returns=STRING),
    "json_delete": Function(_json_delete, 2, None, returns=STRING),
    "json_entries": Function(_json_entries, 1, 1, returns=STRING),
    "json_extend": Function(_json_edit(_extend, create=False), 3, None, check=_check_members,
                            returns=STRING),
    "json_extract": Function(_json_extract, 1, None),
    "json_extract_exact": Function(_json_extract_exact, 1, None),
    "json_has_key_exact": Function(_json_has_key_exact, 2, 2, returns=BOOLEAN),
    "json_keys": Function(_json_keys, 1, 1, returns=STRING),
    "json_set": Function(_json_edit(_set, create=True), 3, None, check=_check_members,
                         returns=STRING),
    "json_set_exact": Function(_json_set_exact, 3, None, check=_check_members, returns=STRING),
    "json_valid": Function(_json_valid, 1, 1, returns=BOOLEAN),
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
    _check_constant(call, function)


def _check_constant(call: ast.Call, function: Function) -> None:
    """A call whose arguments are all literals fails for every row alike, so its failure is a
    mistake in the search, shown under the call when it is bound (`mvrange(1, 1e400)`), where
    one that depends on a row's fields leaves that row's field empty, as the eval page says."""
    if function.lazy or not call.args or not all(_is_constant(a) for a in call.args):
        return
    try:
        function.call(call.args, {}, _constant)
    except EvalError as error:
        raise BadArgumentError(error.message, call.span, error.hint) from None


def _is_constant(node: ast.Expr) -> bool:
    """A literal, or a negated number literal (`-1e400`)."""
    if isinstance(node, ast.Unary) and node.op == "-":
        return isinstance(node.operand, ast.Literal) and not isinstance(node.operand.value, str)
    return isinstance(node, ast.Literal)


def _constant(node: ast.Expr, row: Row) -> Value:
    """A constant argument's value, as the evaluator gives it (a quoted one is a String)."""
    if isinstance(node, ast.Unary):
        return -node.operand.value
    return Text(node.value) if isinstance(node.value, str) else node.value


def _children(expr: ast.Expr) -> tuple[ast.Expr, ...]:
    if isinstance(expr, ast.Call):
        return expr.args
    if isinstance(expr, ast.Binary):
        return (expr.left, expr.right)
    if isinstance(expr, ast.Unary):
        return (expr.operand,)
    return ()


# ---- static types --------------------------------------------------------------------------------


def check_assignment(expr: ast.Expr) -> None:
    """An expression whose value is stored in a field (eval, foreach's eval, a data model's
    calculated field): its calls are right, and it is not a Boolean. The eval page: "The result
    of an eval expression cannot be a Boolean"; the informational page: "the eval command can't
    directly accept a Boolean value. You must specify the function inside another function, such
    as the if function"."""
    check_calls(expr)
    if expression_type(expr) == BOOLEAN:
        raise EvalTypeError("the result of an eval expression cannot be a Boolean", expr.span,
                            'to store the outcome, write if(<condition>, "yes", "no")')


def check_condition(expr: ast.Expr) -> None:
    """where's expression: its calls are right, and it is a Boolean unless its type is known
    only per row (a field, if()). The where page: "These eval-expressions must be Boolean
    expressions", and "The syntax of the eval expression is checked before running the search"
    (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/where)."""
    check_calls(expr)
    found = expression_type(expr)
    if found is not None and found != BOOLEAN:
        raise EvalTypeError(f"where needs a Boolean expression; this one is a {found}", expr.span,
                            'compare it with something, e.g. x > 0 or x = "text"')


_PREDICATES = {"AND", "OR", "XOR", "=", "!=", "<", "<=", ">", ">=", "LIKE"}
_RESULTS: dict[str, Callable[[tuple], tuple]] = {
    "if": lambda args: args[1:],
    "case": lambda args: args[1::2],
    "coalesce": lambda args: args,
}
"""The conditionals' arguments one of which is their value: the type when they all agree."""


def expression_type(expr: ast.Expr) -> str | None:
    """The type `expr` has for every row (NUMBER, STRING, BOOLEAN), or None when only a row can
    tell (a field, a function whose value is one of its arguments'). Comparisons, AND, OR, XOR,
    NOT, LIKE, IN and the predicate functions are Booleans; arithmetic Numbers; `.` a String; a
    literal its own type."""
    if isinstance(expr, ast.Literal):
        return STRING if isinstance(expr.value, str) else NUMBER
    if isinstance(expr, ast.Unary):
        return BOOLEAN if expr.op == "NOT" else NUMBER
    if isinstance(expr, ast.Binary):
        if expr.op in _PREDICATES:
            return BOOLEAN
        if expr.op == ".":
            return STRING
        if expr.op == "+":
            sides = {expression_type(expr.left), expression_type(expr.right)}
            return STRING if STRING in sides else NUMBER if NUMBER in sides else None
        return NUMBER
    if isinstance(expr, ast.Call) and expr.name in FUNCTIONS:
        if FUNCTIONS[expr.name].returns is not None:
            return FUNCTIONS[expr.name].returns
        if expr.name in _RESULTS:
            types = {expression_type(arg) for arg in _RESULTS[expr.name](expr.args)}
            return types.pop() if len(types) == 1 else None
    return None
