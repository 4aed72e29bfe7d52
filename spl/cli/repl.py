"""`spl repl`: an interactive prompt over logs read once, for trying searches quickly.

The --data files are read and enriched once, when the prompt starts, and kept in memory
(engine/runtime.py keep_in_memory, as engine.session does): each search after that costs only
itself. A mistake in a search, or Ctrl-C while it runs, ends that search, not the prompt. A
search may span lines: Enter inserts a new line while the text ends with `|` or has an
unclosed bracket, quote or backtick, and runs it otherwise. Tab completes command names after
`|`, macro names after a backtick, and function and field names elsewhere (fields of the loaded
events and of every result so far). Searches typed are kept for the Up key while the prompt runs,
and in a file only when --history names one. Ctrl-C clears the line; Ctrl-D or `exit` quits.

prompt_toolkit is imported with this module; `spl run` never imports it, but `spl --help`, which
imports every subcommand's module, pays about 70 ms for it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Iterable, Iterator

from prompt_toolkit import PromptSession
from prompt_toolkit.application.current import get_app
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from engine.aggregates import AGGREGATES
from engine.catalog import Catalog
from engine.clock import Clock
from engine.commands import COMMANDS
from engine.diagnostics import Diagnostics
from engine.functions import FUNCTIONS
from engine.output import FORMATS
from engine.runner import Result, run_search
from engine.runtime import Runtime
from spl.cli.run import add_search_options, print_result, search_setup, utf8_search
from spl.errors import SplError, UsageError

PROMPT = "spl> "
CONTINUATION = "...  "
LOAD = "search *"  # what reads and keeps every event when the prompt starts
QUIT = ("exit", "quit")
_WORD = re.compile(r"[\w.:-]*$")
_OPENERS = {"[": "]", "(": ")"}


def add_parser(commands: argparse._SubParsersAction, summary: str) -> None:
    parser = commands.add_parser("repl", help=summary,
                                 description="Read the --data files once, then run the searches "
                                             "typed at the prompt over them. Enter runs a "
                                             "search (a line ending with `|` continues it), Tab "
                                             "completes command, function, macro and field "
                                             "names, Ctrl-D quits.")
    add_search_options(parser, pushdown=False)  # every event is kept: nothing to skip
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format of each result (default: table)")
    parser.add_argument("--history", type=Path, metavar="FILE",
                        help="keep the searches typed in FILE, and recall those of earlier "
                             "sessions from it; default: kept only while the prompt runs")
    parser.set_defaults(handler=_repl)


def _repl(args: argparse.Namespace) -> int:
    catalog, runtime = search_setup(args)
    shell = Shell(catalog, runtime, args.format, fixed_now=args.now is not None)
    shell.load()
    history: History = InMemoryHistory() if args.history is None else FileHistory(args.history)
    session = PromptSession(PROMPT, history=history, completer=shell.completer(),
                            multiline=Condition(lambda: not complete(get_app().current_buffer
                                                                     .text)),
                            prompt_continuation=CONTINUATION, complete_while_typing=False)
    while True:
        try:
            text = session.prompt().strip()
        except KeyboardInterrupt:
            continue
        except EOFError:
            return 0
        if text.lower() in QUIT:
            return 0
        if text:
            try:
                shell.run(utf8_search(text, "the prompt"))
            except SplError as error:
                print(error, file=sys.stderr)
            except UsageError as error:  # an option's file found wanting (--geoip): not fatal
                print(f"spl repl: error: {error}", file=sys.stderr)
            except KeyboardInterrupt:  # Ctrl-C stops the search, not the prompt
                print("interrupted", file=sys.stderr)


class Shell:
    """Searches over one runtime whose events are kept in memory, and the names seen so far."""

    def __init__(self, catalog: Catalog, runtime: Runtime, format_: str, fixed_now: bool):
        self.catalog = catalog
        self.runtime = runtime
        self.format = format_
        self.fixed_now = fixed_now  # --now given: every search starts then; else at its own now
        self.fields: set[str] = set()
        runtime.keep_in_memory = True

    def load(self) -> None:
        """Read and keep every event, and say how many and what the prompt offers."""
        if self.runtime.data:
            rows, fields = self.search(LOAD).table.materialize()
            self.fields.update(fields)
            print(f"{len(rows):,} events read from {len(self.runtime.data)} file(s) and kept; "
                  "Tab completes names, Ctrl-D quits", file=sys.stderr)
            self.runtime.diagnostics.report(sys.stderr)

    def run(self, text: str) -> None:
        """Run one search and print it as `spl run` does."""
        result = self.search(text)
        self.fields.update(result.table.fields or ())
        print_result(result, self.runtime, self.format)

    def search(self, text: str) -> Result:
        self.runtime.diagnostics = Diagnostics()
        if not self.fixed_now:
            self.runtime.clock = Clock.started(self.runtime.clock.tz)
        # Not rewritten to skip records: every event is kept anyway (engine.session).
        return run_search(text, catalog=self.catalog, runtime=self.runtime, pushdown=False)

    def completer(self) -> NameCompleter:
        return NameCompleter(sorted({c.name for c in COMMANDS.values() if not c.generating}),
                             sorted({c.name for c in COMMANDS.values() if c.generating}),
                             sorted({*FUNCTIONS, *AGGREGATES}), self.catalog.macros.names(),
                             lambda: sorted(self.fields))


class NameCompleter(Completer):
    """Names for the word before the cursor: commands where a command starts (after `|`, and
    generating commands such as makeresults only where a search or subsearch starts), macros
    after a backtick, functions and fields elsewhere."""

    def __init__(self, commands: list[str], generating: list[str], functions: list[str],
                 macros: list[str], fields) -> None:
        self.commands, self.generating = commands, generating
        self.functions, self.macros, self.fields = functions, macros, fields

    def get_completions(self, document: Document,
                        complete_event: CompleteEvent) -> Iterator[Completion]:
        before = document.text_before_cursor
        word = _WORD.search(before).group()
        head = before[:len(before) - len(word)]
        if head.endswith("`"):
            yield from _starting(word, self.macros, "macro")
        elif not head.strip() or head.rstrip()[-1] in "|[":
            before_pipe = head.rstrip().removesuffix("|").rstrip()
            starts = not before_pipe or before_pipe.endswith("[")
            names = sorted({*self.commands, *self.generating}) if starts else self.commands
            yield from _starting(word, names, "command")
        else:
            yield from _starting(word, self.functions, "function")
            yield from _starting(word, self.fields(), "field")


def _starting(word: str, names: Iterable[str], kind: str) -> Iterator[Completion]:
    lowered = word.lower()
    for name in names:
        if name.lower().startswith(lowered) and name != word:
            yield Completion(name, start_position=-len(word), display_meta=kind)


def complete(text: str) -> bool:
    """Whether a search typed so far is whole: it does not end with `|` and every quote,
    backtick and bracket it opens is closed."""
    if text.rstrip().endswith("|"):
        return False
    closing: list[str] = []
    quote = None
    escaped = False
    for char in text:
        if quote is not None:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"`":
            quote = char
        elif char in _OPENERS:
            closing.append(_OPENERS[char])
        elif closing and char == closing[-1]:
            closing.pop()
    return quote is None and not closing
