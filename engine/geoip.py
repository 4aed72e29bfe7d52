"""The IP location database iplocation reads: a MaxMind DB (.mmdb) file, as Splunk ships
GeoLite2-City.mmdb for it.

Which file is one of the run's inputs (Runtime.geoip, `spl run --geoip FILE`); with none named,
the GeoLite2 City database of July 2018 that the maxminddb-geolite2 package installs with the
project (GeoLite2 data created by MaxMind, https://www.maxmind.com, under CC BY-SA 4.0 as MaxMind
licensed it then). Nothing else is read. A file that is missing or is not a MaxMind DB is a
UsageError: the user named it on the command line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import maxminddb
from _maxminddb_geolite2 import geolite2_database

from spl.errors import UsageError

DEFAULT_DATABASE = Path(geolite2_database())


@cache
def open_database(path: Path | None) -> maxminddb.Reader:
    """The reader of the database at `path` (the shipped one for None), opened once per file
    for the process: a run, or `spl test` running many searches, looks up every row in it."""
    chosen = DEFAULT_DATABASE if path is None else path
    try:
        return maxminddb.open_database(str(chosen))
    except FileNotFoundError:
        raise UsageError(f"--geoip {chosen}: no such file") from None
    except maxminddb.InvalidDatabaseError:  # a folder, or a file of something else
        raise UsageError(f"--geoip {chosen}: not a MaxMind DB (.mmdb) file") from None
