"""ISO 8601 times as the readers meet them, read the same way by every reader.

Sysmon's SystemTime is UTC with seven fraction digits ("2024-03-04T10:20:07.9999999Z"); the evtx
tools' JSON may write "+00:00" for the `Z`, Elastic's @timestamp keeps milliseconds, and Splunk's
export writes "2025-03-14T10:26:53.500+01:00". The epoch is held as engine.timefmt holds every
time, a float standing for a whole microsecond: fraction digits past the sixth are dropped, never
rounded, so `.9999999` stays in its second (rounding it made 10:20:07.9999999 show as 10:20:08
once the detection's ctime printed it), and the same time gives the same float whichever reader
read it.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from engine.timefmt import epoch_from

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
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}{zone}")
        moment.astimezone(timezone.utc)  # within the years 1 to 9999 in UTC too
        seconds = int(moment.timestamp())
    except OverflowError:
        raise ValueError(f"not a time in the years 1 to 9999: {text!r}") from None
    return seconds, fraction or ""


def iso_epoch(text: str) -> float:
    """Epoch seconds of an ISO 8601 time, to the microsecond (later digits dropped); raises
    ValueError.

    >>> iso_epoch("2024-03-04T10:20:07.25Z"), iso_epoch("2024-03-04T10:20:07.9999999Z")
    (1709547607.25, 1709547607.999999)
    """
    seconds, fraction = iso_seconds(text)
    return epoch_from(seconds, int(fraction[:6].ljust(6, "0")))
