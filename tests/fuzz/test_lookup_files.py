"""Property: lookup files of any content never break `spl run` (issue #16).

Surface: the files of a --lookups folder, as `| inputlookup` and `| lookup` read them: CSV bytes
of any kind, gzipped, truncated gzip or not gzip at all behind a `.csv.gz` name, and lookup
definitions (`*.yml`) whose keys (filename, match_type, max_matches, min_matches,
case_sensitive_match, default_match, collection, fields_list) hold any YAML value. Whatever the
files hold, the command ends with an exit status (an error says why, on stderr), never another
exception; and a good lookup in the same folder still reads as it should.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from spl.cli import main

GOOD = "user,group\nalice,admins\nbob,users\n"
KEYS = ("filename", "match_type", "max_matches", "min_matches", "case_sensitive_match",
        "default_match", "collection", "fields_list")
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(
                        ["bad.csv", "good.csv", "../good.csv", "/etc/hostname", "²", "-1",
                         "WILDCARD(user)", "CIDR(user)", "WILDCARD(", "user, group", "0"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)
csv_text = st.one_of(st.text(max_size=300),
                     st.lists(st.lists(st.text(max_size=12), max_size=4), max_size=6).map(
                         lambda rows: "\n".join(",".join(r) for r in rows)))
csv_bytes = st.one_of(csv_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.binary(max_size=300))


@st.composite
def lookup_file(draw) -> tuple[str, bytes]:
    """A file name and its content: plain CSV, gzip of it, a cut gzip, or not gzip at all."""
    data = draw(csv_bytes)
    kind = draw(st.sampled_from(["csv", "gz", "cut gz", "fake gz"]))
    if kind == "csv":
        return "bad.csv", data
    if kind == "gz":
        return "bad.csv.gz", gzip.compress(data)
    if kind == "cut gz":
        whole = gzip.compress(data)
        return "bad.csv.gz", whole[:draw(st.integers(0, len(whole)))]
    return "bad.csv.gz", data


definitions = st.fixed_dictionaries(
    {"name": st.just("bad_def")},
    optional={key: values for key in KEYS})


def spl(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as exited:  # a usage error
            status = exited.code
    return status, out.getvalue(), err.getvalue()


@FUZZ
@given(file=lookup_file(), definition=definitions, name=st.sampled_from(
    ["bad.csv", "bad.csv.gz", "bad_def", "bad"]))
def test_any_lookup_file_or_definition_ends_with_a_status_and_the_good_one_still_reads(
        file, definition, name):
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "lookups"
        folder.mkdir()
        (folder / "good.csv").write_text(GOOD, encoding="utf-8")
        (folder / file[0]).write_bytes(file[1])
        (folder / "bad_def.yml").write_text(yaml.safe_dump(definition), encoding="utf-8")
        for search in (f"| inputlookup {name}",
                       f'| makeresults | eval user="alice" | lookup {name} user'):
            status, _, err = spl("run", "--lookups", str(folder), "--format", "csv", search)
            assert status in (0, 1)
            assert status == 0 or err.startswith("error[")
        status, out, _ = spl("run", "--lookups", str(folder), "--format", "csv",
                             "| inputlookup good.csv")
        assert (status, out) == (0, GOOD)
