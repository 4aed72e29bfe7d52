"""iplocation: where an IP address is, from a MaxMind DB (engine/geoip.py).

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/iplocation
`iplocation [prefix=<string>] [allfields=<bool>] [lang=<string>] <ip-address-fieldname>`.
- The address "is looked up in a database. Fields from that database that contain location
  information are added to each event": City, Country, Region, lat and lon; with
  allfields=true also Continent, MetroCode and Timezone. (The page lists _time among the added
  fields too; every event already has it, and it is left as it is.)
- prefix: "Specify a string to prefix the field name", so prefix=src_ gives src_City.
- lang: "Renders the resulting strings in different languages ... The set of languages depends
  on the geoip database that is used"; the default is English. A name the database has no
  translation for falls back to the English one (the page is silent on that case).
- "IPv4 and IPv6 addresses and subnets that use CIDR notation" are supported; a subnet is looked
  up by its first address.
- "Because all the information might not be available for each IP address, an event can have
  empty field values. For IP addresses which do not have a location, such as internal
  addresses, no fields are added": private, reserved and malformed addresses, and rows without
  the field, get null location fields.
Choices where the page is silent: a multivalue field is looked up by its first value.
Binds to an Iplocation node; the database is the run's (Runtime.geoip), opened once.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.geoip import open_database
from engine.options import bool_option, option_map
from engine.table import Row, Table
from engine.values import Scalar, Value, to_text, values_of

if TYPE_CHECKING:
    from maxminddb import Reader

    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("prefix", "allfields", "lang")
FIELDS = ("City", "Country", "Region", "lat", "lon")
ALL_FIELDS = ("City", "Continent", "Country", "MetroCode", "Region", "Timezone", "lat", "lon")


@dataclass(frozen=True, kw_only=True)
class Iplocation(plan.Command):
    """Look up `field` and set the location fields, each named `prefix` + its name."""

    field: str
    prefix: str = ""
    allfields: bool = False
    lang: str = "en"

    @property
    def outputs(self) -> tuple[str, ...]:
        return tuple(self.prefix + name for name in (ALL_FIELDS if self.allfields else FIELDS))

    def needs(self, after: plan.Needed) -> plan.Needed:
        return None if after is None else (after - set(self.outputs)) | {self.field}


def bind(node: ast.Iplocation, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "iplocation")
    prefix = options["prefix"].value if "prefix" in options else ""
    lang = options["lang"].value if "lang" in options else "en"
    return Iplocation(input=input, command=node, field=node.field, prefix=prefix, lang=lang,
                      allfields=bool_option(options.get("allfields"), False))


def run(node: Iplocation, table: Table, runtime: Runtime) -> Table:
    reader = open_database(runtime.geoip)
    fields = None if table.fields is None else list(dict.fromkeys([*table.fields, *node.outputs]))
    return Table(({**row, **_located(row, node, reader)} for row in table.rows), fields)


def _located(row: Row, node: Iplocation, reader: Reader) -> dict[str, Scalar]:
    record = _record(row.get(node.field), reader)
    location = record.get("location", {})
    subdivisions = record.get("subdivisions") or [{}]
    found = {
        "City": _name(record.get("city"), node.lang),
        "Continent": _name(record.get("continent"), node.lang),
        "Country": _name(record.get("country"), node.lang),
        "MetroCode": location.get("metro_code"),
        "Region": _name(subdivisions[0], node.lang),
        "Timezone": location.get("time_zone"),
        "lat": location.get("latitude"),
        "lon": location.get("longitude"),
    }
    return {node.prefix + name: found[name]
            for name in (ALL_FIELDS if node.allfields else FIELDS)}


def _record(value: Value, reader: Reader) -> dict:
    """The database's record for the address in `value`, {} for none (private, reserved,
    malformed, or missing)."""
    values = values_of(value)
    if not values:
        return {}
    text = to_text(values[0]).strip()
    try:
        address = ipaddress.ip_network(text, strict=False).network_address
    except ValueError:
        return {}
    if not address.is_global or address.is_multicast:  # private, reserved, loopback, ...
        return {}
    return reader.get(address) or {}


def _name(entity: dict | None, lang: str) -> str | None:
    names = (entity or {}).get("names", {})
    return names.get(lang) or names.get("en")
