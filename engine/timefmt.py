"""Epoch seconds to text and back, with Splunk's time format variables.

Python's strftime covers the common variables; Splunk adds subsecond ones (`%N`, `%3N`, `%6N`,
`%9N`, `%Q`), `%s` for epoch seconds and `%:z` for an offset like +02:00, which are expanded here
first. Times render in the zone
the user chose (UTC unless `--tz`), where Splunk would use the searching user's zone.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo

DEFAULT_TIMEFORMAT = "%m/%d/%Y %H:%M:%S"

# Shown for `_time` in results, as Splunk's exports show it.
RESULT_TIMEFORMAT = "%Y-%m-%dT%H:%M:%S.%3N%:z"

_SPLUNK_VARIABLES = re.compile(r"%(\d?)N|%Q|%s|%:z")


def format_time(epoch: float, timeformat: str = DEFAULT_TIMEFORMAT, tz: tzinfo = timezone.utc) -> str:
    """`epoch` as text in `timeformat`.

    >>> format_time(1761398493.5, "%Y-%m-%dT%H:%M:%S.%3N")
    '2025-10-25T13:21:33.500'
    """
    moment = datetime.fromtimestamp(epoch, tz)

    def splunk_variable(match: re.Match) -> str:
        if match.group(0) == "%s":
            return str(int(epoch))
        if match.group(0) == "%:z":
            offset = moment.strftime("%z")
            return offset[:3] + ":" + offset[3:]
        digits = 3 if match.group(0) == "%Q" else int(match.group(1) or 9)
        return f"{moment.microsecond:06d}000"[:digits]

    return moment.strftime(_SPLUNK_VARIABLES.sub(splunk_variable, timeformat))


def parse_time(text: str, timeformat: str = DEFAULT_TIMEFORMAT, tz: tzinfo = timezone.utc) -> float | None:
    """Text in `timeformat` as epoch seconds, or None when it does not fit the format."""
    try:
        moment = datetime.strptime(text.strip(), timeformat)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.timestamp()
