"""Regular expressions as Splunk runs them: PCRE, compiled by PCRE2 itself, with a bound on work.

Splunk: "Splunk regular expressions are PCRE (Perl Compatible Regular Expressions) and use the
PCRE C library", for "rex and regex and evaluation functions such as match and replace"
(https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.1/get-started-with-knowledge-objects/about-splunk-regular-expressions).
So every place SPL takes a regular expression compiles it here, once (cached): rex (extraction
and mode=sed), regex, makemv's tokenizer, and eval's match, replace and mvfind. (searchmatch
takes search terms, not a regex, and this project's props.conf reading has no EXTRACT-/REPORT-.)
The pattern is PCRE's own syntax, read by the PCRE2 library through the `pcre2` bindings
(https://www.pcre.org/current/doc/html/pcre2pattern.html): inline options anywhere, applying to
the rest of their group (`a(?i)b`); named groups `(?<n>...)`, `(?'n'...)` and `(?P<n>...)`;
POSIX classes; `\\Q...\\E`; possessive quantifiers and atomic groups; `\\x{hhhh}`, `\\K`,
`\\p{...}`.

Two choices of the bindings are undone, so that a pattern means what it means to PCRE:
- they compile every pattern with PCRE2_ALT_BSUX (ECMAScript's escapes), under which `\\x{41}`
  is 41 `x`s and `\\u0041` is `A`. `_pcre_escapes` rewrites `\\x{h..}` as the equivalent
  `\\N{U+h..}` and `\\x`, `\\xh` as `\\x00`, `\\x0h`, and rejects `\\u` and `\\U` with PCRE's own
  message (it does not see comments, so a `\\u` inside `(?#...)` is rejected too).
- they turn on Unicode properties (PCRE2_UCP); PCRE's default, kept here (Splunk's pages are
  silent), is ASCII `\\w`, `\\d`, `\\s`, `\\b` and POSIX classes, with UTF-8 text; a pattern that
  starts with `(*UCP)` gets Unicode classes, as in PCRE.

The work of one match is bounded as Splunk bounds it: limits.conf's `[rex]` `match_limit`
("Limits the amount of resources that are spent by PCRE when running patterns that will not
match", default 100000;
https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/9.4/configuration-file-reference/9.4.0-configuration-file-reference/limits.conf)
is PCRE's match limit, set by a `(*LIMIT_MATCH=100000)` prefix (pcre2pattern, "Setting match
resource limits"). Matching runs PCRE2's interpreter, not its JIT, whose fixed 32 KB stack fails
on ordinary patterns such as `(a|b)*$` over a few thousand characters and which counts the limit
differently. A match that exceeds the limit raises RegexLimitError naming the pattern: a
SplError that ends the search, from eval too (where a failing expression otherwise only empties
its field), since silently not matching would change what a detection finds.
Splunk's `depth_limit` (default 1000) is not applied: PCRE2 counts depth differently from the
PCRE1 it was written for.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterator, Mapping

import pcre2

from spl.errors import BadArgumentError, Span, SplError

MATCH_LIMIT = 100_000
"""limits.conf [rex] match_limit, Splunk's default."""

Match = pcre2.Match


class RegexLimitError(SplError):
    """A match gave up: PCRE2 stopped at the match limit (or another of its resource limits)."""

    kind = "regex-limit"


class Regex:
    """A compiled PCRE pattern: `search`, `finditer` and `sub`, each bounded by the match limit.
    `pattern` is the text as the user wrote it, `span` where (for the errors matching raises)."""

    __slots__ = ("pattern", "span", "groupindex", "groups", "_compiled")

    def __init__(self, pattern: str, span: Span | None, compiled: pcre2.Pattern):
        self.pattern = pattern
        self.span = span
        self._compiled = compiled
        # Copied once (the bindings recompute both on most reads), the names in the order of
        # their groups, as they appear in the pattern (PCRE2's name table is alphabetical).
        self.groupindex: Mapping[str, int] = dict(sorted(compiled.groupindex.items(),
                                                         key=lambda item: item[1]))
        self.groups: int = compiled.groups

    def __repr__(self) -> str:  # how a plan node holding one shows it (`spl explain --plan`)
        return f"Regex({self.pattern!r})"

    def search(self, text: str) -> Match | None:
        """The first match anywhere in `text` (the patterns of SPL are unanchored), or None."""
        try:
            return self._compiled.search(text)
        except pcre2.LibraryError as error:
            raise self._gave_up(error, text) from None

    def finditer(self, text: str) -> Iterator[Match]:
        """Every non-overlapping match, left to right."""
        try:
            yield from self._compiled.finditer(text)
        except pcre2.LibraryError as error:
            raise self._gave_up(error, text) from None

    def sub(self, replacement: Callable[[Match], str], text: str, count: int = 0) -> str:
        """`text` with the first `count` matches (0: all) replaced by `replacement(match)`."""
        try:
            return self._compiled.sub(replacement, text, count)
        except pcre2.LibraryError as error:
            raise self._gave_up(error, text) from None

    def _gave_up(self, error: pcre2.LibraryError, text: str) -> RegexLimitError:
        shown = text if len(text) <= 60 else text[:57] + "..."
        return RegexLimitError(
            f"the regular expression `{self.pattern}` gave up on the value {shown!r}: {error} "
            f"(Splunk's limits.conf [rex] match_limit is {MATCH_LIMIT})", self.span,
            "a repetition inside a repetition, such as `(a+)+`, can try exponentially many ways "
            "to fail; make the inner one possessive (`a++`) or atomic (`(?>a+)`)")


@lru_cache(maxsize=1024)
def compile_regex(pattern: str, span: Span | None = None) -> Regex:
    """`pattern` compiled as PCRE, or a BadArgumentError under `span` saying why it is not one."""
    try:
        compiled = pcre2.compile(f"(*LIMIT_MATCH={MATCH_LIMIT})" + _pcre_escapes(pattern),
                                 pcre2.ASCII, jit=False)
    except pcre2.PatternError as error:
        reason = error.msg.split("; ", 1)[-1]  # after "compilation failed at position N"
    except ValueError as error:  # raised by _pcre_escapes
        reason = str(error)
    else:
        return Regex(pattern, span, compiled)
    # A Windows path such as C:\Users reaches PCRE as the escape \U unless its backslash is
    # escaped for PCRE too (SPL's "Backslashes" rules take one level off \\\\ first).
    hint = ("a backslash that means itself is `\\\\` in a regex, written `\\\\\\\\` inside SPL's "
            "quotes") if "does not support \\F" in reason else None
    raise BadArgumentError(f"invalid regular expression `{pattern}`: {reason}", span, hint)


_HEX_DIGITS = re.compile(r"[0-9A-Fa-f]{0,2}")
_BRACED = re.compile(r"\{([^}]*)\}")


def _pcre_escapes(pattern: str) -> str:
    """`pattern` with PCRE's `\\x` escapes spelt so that PCRE2 under ALT_BSUX reads them as PCRE
    does, and `\\u`, `\\U` rejected as PCRE rejects them; `\\Q...\\E` stays literal.

    >>> _pcre_escapes(r"\\x{202E}\\x41\\x7\\Q\\x{41}\\E")
    '\\\\N{U+202E}\\\\x41\\\\x07\\\\Q\\\\x{41}\\\\E'
    """
    out, i = [], 0
    while i < len(pattern):
        j = pattern.find("\\", i)
        if j == -1 or j + 1 == len(pattern):
            out.append(pattern[i:])
            break
        out.append(pattern[i:j])
        letter = pattern[j + 1]
        if letter == "Q":
            end = pattern.find("\\E", j + 2)
            i = len(pattern) if end == -1 else end + 2
            out.append(pattern[j:i])
        elif letter == "x":
            braced = _BRACED.match(pattern, j + 2)
            if braced:
                out.append(f"\\N{{U+{braced.group(1)}}}")
                i = braced.end()
            else:
                digits = _HEX_DIGITS.match(pattern, j + 2).group()
                out.append("\\x" + digits.rjust(2, "0"))
                i = j + 2 + len(digits)
        elif letter in "uU":
            raise ValueError("PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u")
        elif letter == "c":  # \cX: the control character X, whatever X is (a backslash too)
            out.append(pattern[j:j + 3])
            i = j + 3
        else:
            out.append(pattern[j:j + 2])
            i = j + 2
    return "".join(out)
