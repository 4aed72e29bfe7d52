"""ISO 8601 times as the readers meet them, read the same way by every reader.

Sysmon's SystemTime is UTC with seven fraction digits ("2024-03-04T10:20:07.9999999Z"); the evtx
tools' JSON may write "+00:00" for the `Z`, Elastic's @timestamp keeps milliseconds, and Splunk's
export writes "2025-03-14T10:26:53.500+01:00". Every digit of the fraction is kept: the epoch is
the float nearest the exact time, so the same time gives the same float whichever reader read it.
"""

from __future__ import annotations

import re
from datetime import datetime

_ISO_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)


def iso_seconds(text: str) -> tuple[int, str]:
    """The whole epoch seconds of an ISO 8601 time and the digits of its fraction ("" for none).
    A time without an offset is UTC. Raises ValueError when `text` is not such a time.

    >>> iso_seconds("2024-03-04T11:20:07.25+01:00")
    (1709547607, '25')
    """
    match = _ISO_TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not an ISO 8601 time: {text!r}")
    day, clock, fraction, offset = match.groups()
    utc = not offset or offset.upper() in ("Z", "UTC")
    zone = "+00:00" if utc else f"{offset[:3]}:{offset[-2:]}"
    return int(datetime.fromisoformat(f"{day}T{clock}{zone}").timestamp()), fraction or ""


def iso_epoch(text: str) -> float:
    """Epoch seconds of an ISO 8601 time, to the last digit of its fraction; raises ValueError.

    >>> iso_epoch("2024-03-04T10:20:07.25Z")
    1709547607.25
    """
    seconds, fraction = iso_seconds(text)
    scale = 10 ** len(fraction)
    return (seconds * scale + int(fraction or "0")) / scale
