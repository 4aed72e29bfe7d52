"""Text in, syntax tree out: builds the Lark parser once and turns its errors into SplSyntaxError.

This is the one place where Lark's exceptions become the project's errors, with the caret under
the offending text and the expected tokens said in words.
"""

from __future__ import annotations

from functools import cache, lru_cache

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError
from lark.lexer import PatternStr

from spl import ast, parser_table
from spl.errors import Span, SplError, SplSyntaxError

MAX_COUNT = 2 ** 63 - 1
"""The largest count a command takes (`head 5`, `limit=5`): Splunk's are 64-bit integers, and a
count past every row there could be is a mistake (a 26-digit `head` count), not a request for
all of them."""

TERMINAL_NAMES = {
    "QUOTED": "a quoted string",
    "WORD": "a search term",
    "VALUE": "a value",
    "IN_VALUE": "a value",
    "FIELD": "a field name",
    "RAW": "an argument",
    "QUOTED_DATA": "a quoted string",
    "$END": "the end of the search",
}


@cache
def _lark() -> Lark:
    """The parser of grammar.lark: read from the table the build step wrote, or built here when
    there is none for this grammar (see spl.parser_table)."""
    return parser_table.load()


def parse(text: str) -> ast.Pipeline:
    """Parse a macro-expanded search into a Pipeline, or raise SplSyntaxError.

    >>> parse('| rename Registry.* AS *').commands
    (Rename(pairs=(('Registry.*', '*'),)),)
    """
    try:
        return _ToAst().transform(_nested(_lark().parse(text, start="pipeline")))
    except UnexpectedInput as error:
        raise _syntax_error(error, text).attach(text) from None
    except SplSyntaxError as error:
        raise error.attach(text) from None
    except VisitError as error:
        if isinstance(error.orig_exc, SplError):
            raise error.orig_exc.attach(text) from None
        raise


def parse_expression(text: str) -> ast.Expr:
    """Parse a lone eval expression, as data model calculations and props.conf EVALs hold.

    >>> parse_expression('lower(x) . "!"')
    Binary(op='.', left=Call(name='lower', args=(Field(name='x'),)), right=Literal(value='!'))
    """
    try:
        return _ToAst().transform(_nested(_lark().parse(text, start="eval_expression")))
    except (UnexpectedInput, SplSyntaxError) as error:
        error = _syntax_error(error, text) if isinstance(error, UnexpectedInput) else error
        raise error.attach(text) from None


MAX_NESTING = 200
"""How deep a search's syntax tree may be. The transformer below, the binder and the evaluator
walk trees recursively, and 10,000 nested parentheses (or a chain of 20,000 `+`) would exhaust
Python's stack; the deepest tree among security_content's 1,202 detections is 33 levels, so 200
refuses nothing real. Measured on Lark's tree, where one `(` or one operator adds a level or
more."""


def _nested(tree: Tree) -> Tree:
    """`tree`, or an SplSyntaxError under the first text that lies deeper than MAX_NESTING.
    Walked with a stack of its own, so the check cannot itself run out of stack."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            start = _position(node)
            raise SplSyntaxError(f"the search nests more than {MAX_NESTING} levels deep "
                                 "(parentheses, subsearches, NOT or operators)",
                                 Span(start, start + 1))
        if isinstance(node, Tree):
            stack.extend((child, depth + 1) for child in node.children if child is not None)
    return tree


def _position(node: Tree | Token) -> int:
    """Where the text of a node of Lark's tree starts (a token's own position, else its first
    token's)."""
    while isinstance(node, Tree):
        if not node.meta.empty:
            return node.meta.start_pos
        node = next((c for c in node.children if c is not None), None)
    return 0 if node is None else node.start_pos


def whole_number(text: str) -> int | None:
    """`text` as an int when it is an optional `-` and ASCII digits, else None: SPL's numbers
    are 0-9, where Python's int() also reads `٣` and str.isdigit() accepts `²`.

    >>> whole_number("-12"), whole_number("²"), whole_number("٣")
    (-12, None, None)
    """
    digits = text[1:] if text.startswith("-") else text
    return int(text) if digits.isascii() and digits.isdigit() else None


def _count(text: str) -> int | None:
    """A count written in a command's arguments (`head 5`, `top 3 user`): ASCII digits."""
    return whole_number(text) if not text.startswith("-") else None


def _bounded(count: int, command: str, meta) -> int:
    """`count`, or a syntax error under the command when it is past MAX_COUNT."""
    if count > MAX_COUNT:
        raise SplSyntaxError(f"{command} takes a count up to {MAX_COUNT:,}, not {count}",
                             _span(meta))
    return count


@lru_cache(maxsize=4096)
def cached_expression(text: str) -> ast.Expr:
    """parse_expression, remembered by text: data models and add-ons repeat many calculations.
    Trees are immutable, so one may be shared; a failed parse raises afresh each time."""
    return parse_expression(text)


def unquote(token: str) -> str:
    """A search string with SPL's quoting rules applied.

    Inside double quotes, backslash escapes the quote, the pipe and the backslash itself; any
    other backslash is kept as written (Splunk's "Backslashes" page), so `"C:\\Windows"` and
    `"C:\\\\Windows"` both mean C:\\Windows.
    """
    if not (len(token) >= 2 and token[0] == token[-1] == '"'):
        return str(token)
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body) and body[i + 1] in '\\"|':
            out.append(body[i + 1])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


_EVAL_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", '"': '"'}


def unquote_eval(token: str) -> str:
    """An eval string literal: like search strings, and \\t, \\n, \\r become control characters
    ("Types of expressions" in Splunk's Search Manual). Single-quoted field names use the same."""
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        pair = body[i:i + 2]
        if pair[:1] == "\\" and pair[1:] in _EVAL_ESCAPES:
            out.append(_EVAL_ESCAPES[pair[1:]])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _span(meta) -> Span:
    return ast.NO_SPAN if meta.empty else Span(meta.start_pos, meta.end_pos)


def _token_span(token: Token) -> Span:
    return Span(token.start_pos, token.end_pos)


@v_args(meta=True)
class _ToAst(Transformer):
    """Parse tree to AST, one method per grammar rule of the same name."""

    def pipeline(self, meta, children):
        commands = [ast.Search(c, span=c.span) if isinstance(c, ast.SearchExpr) else c
                    for c in children]
        return ast.Pipeline(tuple(commands), span=_span(meta))

    # ---- search
    def search(self, meta, children):
        return ast.Search(children[0] if children else None, span=_span(meta))

    def search_and(self, meta, children):
        if len(children) == 1:
            return children[0]
        return ast.And(tuple(children), span=_span(meta))

    def search_or(self, meta, children):
        return ast.Or(tuple(children), span=_span(meta))

    def search_not(self, meta, children):
        return ast.Not(children[0], span=_span(meta))

    def search_subsearch(self, meta, children):
        return ast.Subsearch(children[0], span=_span(meta))

    def term(self, meta, children):
        (token,) = children
        return ast.Term(unquote(token), quoted=token.type == "QUOTED", span=_span(meta))

    def compare(self, meta, children):
        field, op, value = children
        quoted = value.type == "QUOTED"
        op = "=" if op == "==" else str(op)
        return ast.Compare(unquote(field), op, unquote(value), quoted=quoted, span=_span(meta))

    def search_in(self, meta, children):
        field, *values = children
        values = tuple(unquote(v) for v in values if v is not None)
        return ast.In(unquote(field), values, span=_span(meta))

    # ---- tstats
    def tstats(self, meta, children):
        options, aggregations, datamodel, where, by = [], [], None, None, ()
        datamodel_span = ast.NO_SPAN
        for child in children:
            if isinstance(child, ast.Option):
                options.append(child)
            elif isinstance(child, ast.Aggregation):
                aggregations.append(child)
            elif isinstance(child, Token):  # `datamodel=Endpoint.Processes`, quoted or not
                datamodel, datamodel_span = unquote(child), _token_span(child)
            elif isinstance(child, tuple):
                by, by_options = child
                options.extend(by_options)
            elif child is not None:
                where = child
        return ast.Tstats(tuple(options), tuple(aggregations), datamodel, where, by,
                          datamodel_span=datamodel_span, span=_span(meta))

    def tstats_from(self, meta, children):
        return children[0]

    def tstats_where(self, meta, children):
        return children[0]

    def tstats_by(self, meta, children):
        fields = tuple(unquote(c) for c in children if isinstance(c, Token))
        options = [c for c in children if isinstance(c, ast.Option)]
        return fields, options

    def aggregation(self, meta, children):
        function, argument, alias = children
        if isinstance(argument, ast.Node):
            return ast.Aggregation(str(function), None, _opt(alias), argument, span=_span(meta))
        return ast.Aggregation(str(function), _opt(argument), _opt(alias), span=_span(meta))

    def aggregation_argument(self, meta, children):
        return children[0]

    # ---- stats and relatives
    def stats(self, meta, children):
        return self._stats(ast.Stats, meta, children)

    def eventstats(self, meta, children):
        return self._stats(ast.Eventstats, meta, children)

    def streamstats(self, meta, children):
        return self._stats(ast.Streamstats, meta, children)

    def _stats(self, cls, meta, children):
        by_clause = next((c for c in children if isinstance(c, tuple)), ((), ()))
        options = tuple(c for c in children if isinstance(c, ast.Option)) + by_clause[1]
        aggregations = tuple(c for c in children if isinstance(c, ast.Aggregation))
        return cls(options, aggregations, by_clause[0], span=_span(meta))

    def by_clause(self, meta, children):
        """(fields, options): options may follow the BY fields, as the stats reference shows."""
        options, fields = _split_options(children)
        return tuple(unquote(c) for c in fields), options

    def top(self, meta, children):
        return self._top(ast.Top, meta, children)

    def rare(self, meta, children):
        return self._top(ast.Rare, meta, children)

    def _top(self, cls, meta, children):
        options, names = _split_options(children)
        by, by_options = next((c for c in names if isinstance(c, tuple)), ((), ()))
        options += by_options
        fields = [unquote(c) for c in names if not isinstance(c, tuple)]
        if fields and _count(fields[0]) is not None:  # `top 5 user`: the number is the limit
            options = options + (ast.Option("limit", fields.pop(0), span=_span(meta)),)
        return cls(options, tuple(fields), by, span=_span(meta))

    # ---- row and field selection
    def table(self, meta, children):
        return ast.Table(tuple(unquote(c) for c in children), span=_span(meta))

    def fields(self, meta, children):
        remove = bool(children) and isinstance(children[0], Token) and \
            children[0].type == "FIELDS_MODE" and children[0] == "-"
        names = [unquote(c) for c in children if not (isinstance(c, Token) and c.type == "FIELDS_MODE")]
        return ast.Fields(remove, tuple(names), span=_span(meta))

    def sort_key(self, meta, children):
        order = children[0] if children[0].type == "SORT_ORDER" else None
        rest = children[1:] if order is not None else children
        descending = order == "-"
        if len(rest) == 2:
            kind, name = rest
            return ast.SortKey(unquote(name), descending, str(kind).lower(), span=_span(meta))
        name = unquote(rest[0])
        return ast.SortKey(name, descending, span=_span(meta))

    def dedup(self, meta, children):
        options, rest = _split_options(children)
        keys = tuple(c for c in rest if isinstance(c, ast.SortKey))
        names = [unquote(c) for c in rest if not isinstance(c, ast.SortKey)]
        count = _count(names.pop(0)) if len(names) > 1 and _count(names[0]) is not None else 1
        count = _bounded(count, "dedup", meta)
        return ast.Dedup(count, tuple(names), options, keys, span=_span(meta))

    def sort(self, meta, children):
        options, keys = _split_options(children)
        count = None
        if len(keys) > 1 and _count(keys[0].field) is not None and not keys[0].descending:
            count = _bounded(_count(keys.pop(0).field), "sort", meta)
        return ast.Sort(count, tuple(keys), options, span=_span(meta))

    def head(self, meta, children):
        return self._head_or_tail(ast.Head, meta, children)

    def tail(self, meta, children):
        return self._head_or_tail(ast.Tail, meta, children)

    def _head_or_tail(self, cls, meta, children):
        options, counts = _split_options(children)
        limit = next((o.value for o in options if o.name.lower() == "limit"), None)
        text = str(counts[0]) if counts else limit or "10"
        count, name = _count(text), cls.__name__.lower()
        if count is None:
            raise SplSyntaxError(f"{name} takes a number of rows, e.g. `{name} 10`", _span(meta))
        return cls(_bounded(count, name, meta), options, span=_span(meta))

    def fillnull(self, meta, children):
        options, names = _split_options(children)
        return ast.Fillnull(options, tuple(unquote(c) for c in names), span=_span(meta))

    # ---- text extraction
    def rex(self, meta, children):
        options, rest = _split_options(children)
        return ast.Rex(options, unquote(rest[0]), span=_span(meta))

    def regex(self, meta, children):
        if len(children) == 1:
            return ast.Regex("_raw", False, unquote(children[0]), span=_span(meta))
        field, op, pattern = children
        return ast.Regex(str(field), op == "!=", unquote(pattern), span=_span(meta))

    def spath(self, meta, children):
        options, rest = _split_options(children)
        path = unquote(rest[0]) if rest else None
        return ast.Spath(options, path, span=_span(meta))

    def xmlkv(self, meta, children):
        options, rest = _split_options(children)
        return ast.Xmlkv(options, unquote(rest[0]) if rest else "_raw", span=_span(meta))

    # ---- multivalue and buckets
    def bin(self, meta, children):
        options, rest = _split_options(children)
        field, alias = rest[0], rest[1] if len(rest) > 1 else None
        return ast.Bin(options, unquote(field), _opt(alias), span=_span(meta))

    def mvexpand(self, meta, children):
        options, rest = _split_options(children)
        return ast.Mvexpand(unquote(rest[0]), options, span=_span(meta))

    def makemv(self, meta, children):
        options, rest = _split_options(children)
        return ast.Makemv(unquote(rest[0]), options, span=_span(meta))

    def mvcombine(self, meta, children):
        options, rest = _split_options(children)
        return ast.Mvcombine(unquote(rest[0]), options, span=_span(meta))

    # ---- lookups and subsearches
    def lookup(self, meta, children):
        options, rest = _split_options(children)
        name, *fields = rest
        split = next((i for i, c in enumerate(fields) if isinstance(c, tuple)), len(fields))
        output = tuple(fields[split + 1:])
        outputnew = split < len(fields) and fields[split][0].upper() == "OUTPUTNEW"
        return ast.Lookup(str(name), tuple(fields[:split]), output, outputnew, options,
                          name_span=_token_span(name), span=_span(meta))

    def lookup_output(self, meta, children):
        return (str(children[0]),)

    def lookup_field(self, meta, children):
        field, alias = children
        return ast.LookupField(unquote(field), _opt(alias), span=_span(meta))

    def inputlookup(self, meta, children):
        options, rest = _split_options(children)
        name, where = rest[0], rest[1] if len(rest) > 1 else None
        return ast.Inputlookup(str(name), where, options, name_span=_token_span(name),
                               span=_span(meta))

    def join(self, meta, children):
        options, rest = _split_options(children)
        *fields, subsearch = rest
        return ast.Join(options, tuple(unquote(f) for f in fields), subsearch, span=_span(meta))

    def append(self, meta, children):
        options, rest = _split_options(children)
        return ast.Append(options, rest[0], span=_span(meta))

    def foreach(self, meta, children):
        *arguments, template = children
        options = tuple(ast.Option(*a.split("=", 1), span=_token_span(a)) for a in arguments
                        if a.type == "FOREACH_ARGUMENT" and "=" in a)
        fields = tuple(unquote(a) for a in arguments if a.type == "QUOTED" or "=" not in a)
        return ast.Foreach(fields, str(template)[1:-1], options,
                           template_span=_token_span(template), span=_span(meta))

    def from_(self, meta, children):
        text = " ".join(unquote(c) for c in children)
        kind, _, dataset = text.partition(":") if ":" in text else text.partition(" ")
        kind, dataset = kind.strip(), dataset.strip()
        if kind.lower() != "datamodel" or not dataset:
            raise SplSyntaxError("from reads data model datasets here: "
                                 "`| from datamodel:<model>.<dataset>`", _span(meta))
        return ast.From(dataset, span=_span(meta))

    def datamodel(self, meta, children):
        model, dataset, *mode = (str(c) for c in children)
        return ast.Datamodel(model, dataset, mode[0] if mode else "search", span=_span(meta))

    def subsearch(self, meta, children):
        return children[0]

    def generating_pipeline(self, meta, children):
        return ast.Pipeline(tuple(children), span=_span(meta))

    # ---- rename, convert
    def rename(self, meta, children):
        return ast.Rename(tuple(children), span=_span(meta))

    def rename_pair(self, meta, children):
        return (unquote(children[0]), unquote(children[1]))

    def convert(self, meta, children):
        options = tuple(c for c in children if isinstance(c, ast.Option))
        conversions = tuple(c for c in children if isinstance(c, ast.Conversion))
        return ast.Convert(options, conversions, span=_span(meta))

    def conversion(self, meta, children):
        function, field, alias = children
        field = unquote(field) if field is not None else "*"
        return ast.Conversion(str(function), field, _opt(alias), span=_span(meta))

    # ---- eval, where and expressions
    def eval(self, meta, children):
        return ast.Eval(tuple(children), span=_span(meta))

    def assignment(self, meta, children):
        target, expr = children
        if target.type == "EVAL_TARGET":
            return ast.Assignment(str(target), expr, dynamic="{" in target, span=_span(meta))
        return ast.Assignment(unquote_eval(target), expr, span=_span(meta))

    def where(self, meta, children):
        return ast.Where(children[0], span=_span(meta))

    def eval_expression(self, meta, children):
        return children[0]

    def number(self, meta, children):
        text = children[0]
        value = float(text) if any(c in text for c in ".eE") else int(text)
        return ast.Literal(value, span=_span(meta))

    def string(self, meta, children):
        return ast.Literal(unquote_eval(children[0]), span=_span(meta))

    def field(self, meta, children):
        (token,) = children
        name = unquote_eval(token) if token.type == "QUOTED_FIELD" else str(token)
        return ast.Field(name, span=_span(meta))

    def call(self, meta, children):
        name, *args = children
        args = tuple(a for a in args if a is not None)
        return ast.Call(name.lower(), args, span=_span(meta))

    def binary(self, meta, children):
        left, op, right = children
        op = "=" if op == "==" else str(op)
        return ast.Binary(op, left, right, span=_span(meta))

    def like(self, meta, children):
        return ast.Binary("LIKE", children[0], children[1], span=_span(meta))

    def in_list(self, meta, children):
        """`x IN (a, b)` in eval and where is the in() function."""
        return ast.Call("in", tuple(children), span=_span(meta))

    def and_(self, meta, children):
        return ast.Binary("AND", children[0], children[1], span=_span(meta))

    def or_(self, meta, children):
        return ast.Binary("OR", children[0], children[1], span=_span(meta))

    def xor(self, meta, children):
        return ast.Binary("XOR", children[0], children[1], span=_span(meta))

    def not_(self, meta, children):
        return ast.Unary("NOT", children[0], span=_span(meta))

    def negate(self, meta, children):
        return ast.Unary("-", children[0], span=_span(meta))

    # ---- makeresults and the small streaming commands
    def makeresults(self, meta, children):
        return ast.Makeresults(tuple(children), span=_span(meta))

    def makeresults_option(self, meta, children):
        name, value = children
        return ast.Option(str(name), unquote(value), span=_span(meta))

    def nomv(self, meta, children):
        return ast.Nomv(unquote(children[0]), span=_span(meta))

    def strcat(self, meta, children):
        options, rest = _split_options(children)
        *sources, dest = rest
        if dest.type == "QUOTED":
            raise SplSyntaxError("strcat ends with the field to write, not a quoted string",
                                 _token_span(dest))
        if not sources:
            raise SplSyntaxError("strcat takes the fields or quoted strings to join, then the "
                                 "field to write: `strcat a \"/\" b ab`", _span(meta))
        parts = tuple(ast.Literal(unquote(s), span=_token_span(s)) if s.type == "QUOTED"
                      else ast.Field(str(s), span=_token_span(s)) for s in sources)
        return ast.Strcat(parts, str(dest), options, span=_span(meta))

    def accum(self, meta, children):
        field, alias = children
        return ast.Accum(unquote(field), _opt(alias), span=_span(meta))

    def delta(self, meta, children):
        options, (field, alias) = _split_options(children)
        return ast.Delta(unquote(field), _opt(alias), options, span=_span(meta))

    def autoregress(self, meta, children):
        options, (field, alias) = _split_options(children)
        return ast.Autoregress(unquote(field), _opt(alias), options, span=_span(meta))

    def reverse(self, meta, children):
        return ast.Reverse(span=_span(meta))

    def uniq(self, meta, children):
        return ast.Uniq(span=_span(meta))

    def addinfo(self, meta, children):
        return ast.Addinfo(span=_span(meta))

    def replace(self, meta, children):
        pairs = tuple(c for c in children if isinstance(c, ast.ReplacePair))
        fields = next((c for c in children if isinstance(c, tuple)), ())
        return ast.Replace(pairs, fields, span=_span(meta))

    def replace_pair(self, meta, children):
        pattern, replacement = children
        return ast.ReplacePair(unquote(pattern), unquote(replacement), span=_span(meta))

    def replace_fields(self, meta, children):
        return tuple(unquote(c) for c in children)

    def fromjson(self, meta, children):
        options, rest = _split_options(children)
        return ast.Fromjson(unquote(rest[0]), options, span=_span(meta))

    def extract(self, meta, children):
        options, names = _split_options(children)
        return ast.Extract(options, tuple(str(n) for n in names), span=_span(meta))

    # ---- transaction, appendpipe, map, outputlookup, mstats
    def transaction(self, meta, children):
        filters = tuple(c for c in children if isinstance(c, ast.TransactionFilter))
        options, names = _split_options([c for c in children
                                         if not isinstance(c, ast.TransactionFilter)])
        return ast.Transaction(tuple(unquote(n) for n in names), options, filters,
                               span=_span(meta))

    def transaction_filter(self, meta, children):
        name, body = children
        if isinstance(body, ast.SearchExpr):
            return ast.TransactionFilter(str(name), search=body, span=_span(meta))
        return ast.TransactionFilter(str(name), expr=body, span=_span(meta))

    def appendpipe(self, meta, children):
        options, commands = _split_options(children)
        span = Span(commands[0].span.start, commands[-1].span.end)
        return ast.Appendpipe(options, ast.Pipeline(tuple(commands), span=span),
                              span=_span(meta))

    def map(self, meta, children):
        options, names = _split_options(children)
        return ast.Map(options, str(names[0]) if names else None, span=_span(meta))

    def outputlookup(self, meta, children):
        options, (name,) = _split_options(children)
        return ast.Outputlookup(unquote(name), options, name_span=_token_span(name),
                                span=_span(meta))

    def mstats(self, meta, children):
        by, by_options = next((c for c in children if isinstance(c, tuple)), ((), []))
        options = tuple(c for c in children if isinstance(c, ast.Option)) + tuple(by_options)
        aggregations = tuple(c for c in children if isinstance(c, ast.Aggregation))
        where = next((c for c in children if isinstance(c, ast.SearchExpr)), None)
        return ast.Mstats(options, aggregations, where, by, span=_span(meta))

    # ---- charts, table pivots, addtotals, fieldsummary
    def timechart(self, meta, children):
        options, aggregations, by, where = _chart_parts(children)
        return ast.Timechart(options, aggregations, by, where, span=_span(meta))

    def chart(self, meta, children):
        over = next((unquote(c) for c in children if isinstance(c, Token)), None)
        by = next((c for c in children if isinstance(c, list)), [])
        fields = [unquote(c) for c in by if not isinstance(c, ast.Option)]
        # Options after the column split (the last of two BY fields, or the one after OVER)
        # are its own; those after a first BY field belong to the row split.
        column_at = max((i for i, c in enumerate(by) if not isinstance(c, ast.Option)),
                        default=len(by)) if over is not None or len(fields) > 1 else len(by)
        column_options = tuple(c for c in by[column_at:] if isinstance(c, ast.Option))
        options = tuple(c for c in children if isinstance(c, ast.Option)) + \
            tuple(c for c in by[:column_at] if isinstance(c, ast.Option))
        aggregations = tuple(c for c in children if isinstance(c, ast.Aggregation))
        where = next((c for c in children if isinstance(c, ast.SeriesWhere)), None)
        return ast.Chart(options, aggregations, over, tuple(fields), where, column_options,
                         span=_span(meta))

    def chart_by(self, meta, children):
        """The BY clause's fields and options in the order written."""
        return list(children)

    def series_where(self, meta, children):
        function, op, value = (str(c) for c in children)
        return ast.SeriesWhere(function, op, value, span=_span(meta))

    def xyseries(self, meta, children):
        options, names = _split_options(children)
        return ast.Xyseries(options, tuple(unquote(n) for n in names), span=_span(meta))

    def untable(self, meta, children):
        x, name, data = (unquote(c) for c in children)
        return ast.Untable(x, name, data, span=_span(meta))

    def addtotals(self, meta, children):
        options, names = _split_options(children)
        return ast.Addtotals(options, tuple(unquote(n) for n in names), span=_span(meta))

    def fieldsummary(self, meta, children):
        options, names = _split_options(children)
        return ast.Fieldsummary(options, tuple(unquote(n) for n in names), span=_span(meta))

    def eventcount(self, meta, children):
        return ast.Eventcount(tuple(children), span=_span(meta))

    def metadata(self, meta, children):
        return ast.Metadata(tuple(children), span=_span(meta))

    def iplocation(self, meta, children):
        options, rest = _split_options(children)
        return ast.Iplocation(unquote(rest[0]), options, span=_span(meta))

    # ---- shared
    def option(self, meta, children):
        name, value = children
        return ast.Option(str(name), unquote(value), span=_span(meta))

    def unknown_command(self, meta, children):
        name = children[0]
        return ast.UnknownCommand(str(name), span=_token_span(name))


def _chart_parts(children: list) -> tuple[tuple[ast.Option, ...], tuple[ast.Aggregation, ...],
                                          tuple[str, ...], ast.SeriesWhere | None]:
    """A timechart's options (wherever written, the BY clause's too), aggregations, BY fields
    and where clause."""
    by, by_options = next((c for c in children if isinstance(c, tuple)), ((), ()))
    options = tuple(c for c in children if isinstance(c, ast.Option)) + tuple(by_options)
    aggregations = tuple(c for c in children if isinstance(c, ast.Aggregation))
    where = next((c for c in children if isinstance(c, ast.SeriesWhere)), None)
    return options, aggregations, by, where


def _split_options(children: list) -> tuple[tuple[ast.Option, ...], list]:
    """A command's `name=value` options, and its other arguments in order."""
    options = tuple(c for c in children if isinstance(c, ast.Option))
    return options, [c for c in children if not isinstance(c, ast.Option)]


def _opt(token: Token | None) -> str | None:
    return None if token is None else unquote(token)


# ---- Lark errors in words ---------------------------------------------------------------------------


def _syntax_error(error: UnexpectedInput, text: str) -> SplSyntaxError:
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, text)
    if isinstance(error, UnexpectedToken):
        return _unexpected_token(error, text)
    return SplSyntaxError("unexpected end of search", Span(len(text), len(text)))


def _unexpected_token(error: UnexpectedToken, text: str) -> SplSyntaxError:
    expected = _in_words(error.accepts or error.expected)
    token = error.token
    if token.type == "$END":
        at = len(text.rstrip())
        return SplSyntaxError(f"unexpected end of search; expected {expected}", Span(at, at))
    if token.type == "QUOTED_DATA" and "\n" in token:  # only makeresults data= spans lines
        return SplSyntaxError(_SPANS_LINES, Span(token.start_pos, token.start_pos + 1))
    span = Span(token.start_pos, max(token.end_pos, token.start_pos + 1))
    return SplSyntaxError(f"unexpected `{token}`; expected {expected}", span)


_SPANS_LINES = "a quoted string cannot span lines; close it on the line where it starts"


def _unexpected_character(error: UnexpectedCharacters, text: str) -> SplSyntaxError:
    at = error.pos_in_stream
    char = text[at]
    if char == '"':
        line_end = text.find("\n", at)
        if line_end != -1 and '"' in text[at + 1:]:
            message = _SPANS_LINES
        else:
            message = "unbalanced quotes: this string has no closing `\"`"
        return SplSyntaxError(message, Span(at, at + 1))
    expected = _in_words(error.allowed or set())
    return SplSyntaxError(f"unexpected `{char}`; expected {expected}", Span(at, at + 1))


def _in_words(terminals: set[str]) -> str:
    """Terminal names as a reader would say them: "a field name, `(` or `AS`"."""
    words = sorted({_terminal_in_words(name) for name in terminals})
    if not words:
        return "something else"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _terminal_in_words(name: str) -> str:
    if name in TERMINAL_NAMES:
        return TERMINAL_NAMES[name]
    pattern = _lark().get_terminal(name).pattern
    return f"`{pattern.value}`" if isinstance(pattern, PatternStr) else name.lower()
