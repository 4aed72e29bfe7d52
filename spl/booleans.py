"""Booleans as Splunk writes them, in command options (`append=t`), .conf settings (`iseval = 1`)
and lookup definitions (`case_sensitive_match: 'false'`): one reader for every place."""

from __future__ import annotations

TRUE = ("true", "t", "1", "yes", "y")
FALSE = ("false", "f", "0", "no", "n")


def boolean(text: object) -> bool | None:
    """True or False for any spelling in TRUE or FALSE (any case, blanks around), else None."""
    word = str(text).strip().lower()
    return True if word in TRUE else False if word in FALSE else None
