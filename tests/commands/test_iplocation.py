"""iplocation over a tiny MaxMind DB built here with mmdb-writer, so that what is checked is the
command, not the data of any real database; one test checks the shipped default database.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/iplocation
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from engine.catalog import Catalog
from engine.runner import run_search
from engine.runtime import Runtime
from engine.table import Table
from spl.cli import main
from spl.errors import BadArgumentError, UsageError
from support import bind_search

LONDON = {
    "city": {"names": {"en": "London", "de": "London"}},
    "continent": {"names": {"en": "Europe", "de": "Europa"}},
    "country": {"iso_code": "GB",
                "names": {"en": "United Kingdom", "de": "Vereinigtes Königreich"}},
    "subdivisions": [{"names": {"en": "England"}}],
    "location": {"latitude": 51.5142, "longitude": -0.0931, "time_zone": "Europe/London",
                 "metro_code": 826},
}
NO_CITY = {"country": {"names": {"en": "Sweden"}}, "location": {"latitude": 59.0, "longitude": 18.0}}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    writer = MMDBWriter(ip_version=6, database_type="GeoLite2-City", languages=["en", "de"],
                        ipv4_compatible=True)
    writer.insert_network(IPSet(["81.2.69.0/24", "2a02:8010::/32"]), LONDON)
    writer.insert_network(IPSet(["89.160.20.0/24"]), NO_CITY)
    path = tmp_path_factory.mktemp("geoip") / "tiny.mmdb"
    writer.to_db_file(str(path))
    return path


def located(text: str, rows: list[dict], geoip: Path | None) -> list[dict]:
    result = run_search(text, catalog=Catalog.load(), rows=Table(rows),
                        runtime=Runtime(geoip=geoip))
    return list(result.table.rows)


def test_default_fields_are_city_country_region_lat_lon(tiny):
    # splunk-doc: allfields "Default: false. Only the City, Country, Region, _time, lat, and
    # lon fields are added"; the address is "looked up in a database".
    rows = located("| iplocation clientip", [{"clientip": "81.2.69.160"}], tiny)
    assert rows == [{"clientip": "81.2.69.160", "City": "London", "Country": "United Kingdom",
                     "Region": "England", "lat": 51.5142, "lon": -0.0931}]


def test_allfields_prefix_and_lang(tiny):
    # splunk-doc: allfields=true "adds the fields City, Continent, Country, MetroCode, Region,
    # Timezone, _time, lat (latitude), and lon (longitude)"; prefix "Specify a string to prefix
    # the field name"; lang "Renders the resulting strings in different languages". The page is
    # silent on a name without a translation: it falls back to English (Region here).
    rows = located("| iplocation prefix=src_ allfields=true lang=de ip", [{"ip": "81.2.69.1"}],
                   tiny)
    assert rows == [{"ip": "81.2.69.1", "src_City": "London", "src_Continent": "Europa",
                     "src_Country": "Vereinigtes Königreich", "src_MetroCode": 826,
                     "src_Region": "England", "src_Timezone": "Europe/London",
                     "src_lat": 51.5142, "src_lon": -0.0931}]


def test_ipv6_cidr_and_missing_information(tiny):
    # splunk-doc: "supports IPv4 and IPv6 addresses and subnets that use CIDR notation";
    # "Because all the information might not be available for each IP address, an event can
    # have empty field values" (the Swedish record has no city or region).
    rows = located("| iplocation ip | table ip, City, Country, Region",
                   [{"ip": "2a02:8010:1::5"}, {"ip": "81.2.69.0/28"}, {"ip": "89.160.20.5"}], tiny)
    assert rows == [
        {"ip": "2a02:8010:1::5", "City": "London", "Country": "United Kingdom",
         "Region": "England"},
        {"ip": "81.2.69.0/28", "City": "London", "Country": "United Kingdom", "Region": "England"},
        {"ip": "89.160.20.5", "City": None, "Country": "Sweden", "Region": None},
    ]


def test_internal_addresses_get_no_location_even_when_the_database_has_them(tmp_path):
    # splunk-doc: "For IP addresses which do not have a location, such as internal addresses,
    # no fields are added."
    writer = MMDBWriter(ip_version=6, database_type="GeoLite2-City", ipv4_compatible=True)
    writer.insert_network(IPSet(["10.0.0.0/8", "8.8.8.0/24"]), LONDON)
    path = tmp_path / "internal.mmdb"
    writer.to_db_file(str(path))
    rows = located("| iplocation ip | table ip, City", [{"ip": "10.1.1.1"}, {"ip": "8.8.8.8"}],
                   path)
    assert rows == [{"ip": "10.1.1.1", "City": None}, {"ip": "8.8.8.8", "City": "London"}]


def test_a_misspelt_option_is_a_bind_error_with_a_suggestion():
    # splunk-doc: the options are prefix, allfields and lang.
    with pytest.raises(BadArgumentError) as error:
        bind_search("| iplocation alfields=true ip")
    assert "allfields" in str(error.value)


def test_a_file_that_is_not_a_maxmind_db_is_a_usage_error(tmp_path):
    # The docs are silent (Splunk's database is configured on the server); here the user names
    # the file, so a wrong one stops the run.
    bad = tmp_path / "GeoLite2-City.mmdb"
    bad.write_text("not a database")
    with pytest.raises(UsageError, match="not a MaxMind DB"):
        located("| iplocation ip", [{"ip": "81.2.69.1"}], bad)


def test_the_cli_refuses_a_missing_or_bad_geoip_file(tmp_path, capsys):
    bad = tmp_path / "bad.mmdb"
    bad.write_text("x")
    with pytest.raises(SystemExit) as missing:
        main(["run", "--geoip", str(tmp_path / "none.mmdb"), "| makeresults"])
    assert missing.value.code == 2 and "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as wrong:
        main(["run", "--geoip", str(bad), '| makeresults | eval ip="81.2.69.1" | iplocation ip'])
    assert wrong.value.code == 2 and "not a MaxMind DB" in capsys.readouterr().err


def test_the_cli_reads_the_named_database(tiny, capsys):
    assert main(["run", "--geoip", str(tiny), "--format", "csv",
                 '| makeresults | eval ip="81.2.69.1" | iplocation ip | table City']) == 0
    assert capsys.readouterr().out.splitlines() == ["City", "London"]


def test_the_shipped_default_database_resolves_a_public_address():
    # The GeoLite2 City database installed with the project (maxminddb-geolite2) is read when
    # no --geoip is given; Google's public resolver has been in the United States in every
    # GeoLite2 release.
    rows = located("| iplocation ip | table Country", [{"ip": "8.8.8.8"}], None)
    assert rows == [{"Country": "United States"}]


def test_spl_test_reads_the_named_database(tmp_path, capsys):
    # `spl test --geoip FILE` gives a detection's tests the database `spl run --geoip` would:
    # here one that places Google's resolver in London, which the shipped database does not, so
    # the test passes only when the file is passed through to the searches.
    writer = MMDBWriter(ip_version=6, database_type="GeoLite2-City", ipv4_compatible=True)
    writer.insert_network(IPSet(["8.8.8.0/24"]), LONDON)
    database = tmp_path / "moved.mmdb"
    writer.to_db_file(str(database))
    log = "datasets/test/rms_sysmon.log"
    (tmp_path / "datasets/test").mkdir(parents=True)
    shutil.copyfile(Path(__file__).parents[2] / "examples/data/rms_sysmon.log", tmp_path / log)
    detection = tmp_path / "located.yml"
    detection.write_text(yaml.safe_dump({
        "name": "Located", "id": "0", "version": 1, "status": "production", "type": "TTP",
        "search": "| tstats count FROM datamodel=Endpoint.Registry by Registry.dest "
                  "| rename Registry.dest AS dest | eval ip=\"8.8.8.8\" | iplocation ip "
                  "| where City=\"London\"",
        "rba": {"message": "on $dest$",
                "risk_objects": [{"field": "dest", "type": "system", "score": 25}]},
        "tests": [{"name": "True Positive Test", "attack_data": [
            {"data": "https://media.githubusercontent.com/media/splunk/attack_data/master/" + log,
             "source": "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
             "sourcetype": "xmlwineventlog"}]}]}), encoding="utf-8")
    root = ["--data-root", str(tmp_path)]
    assert main(["test", *root, "--geoip", str(database), str(detection)]) == 0
    assert "1 passed, 0 failed" in capsys.readouterr().out
    assert main(["test", *root, str(detection)]) == 1  # the shipped database: United States
    assert "no results" in capsys.readouterr().out
    with pytest.raises(SystemExit) as missing:
        main(["test", *root, "--geoip", str(tmp_path / "none.mmdb"), str(detection)])
    assert missing.value.code == 2 and "no such file" in capsys.readouterr().err
