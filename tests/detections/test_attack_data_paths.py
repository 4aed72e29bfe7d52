"""Where `spl test` finds a test's attack data: at the URL's path under --data-root, never by
file name unless asked (--match-by-name, and then only a unique name), never outside the root.

contentctl maps an attack_data URL to a local copy by removing a configured prefix, typically
https://media.githubusercontent.com/media/splunk/attack_data/master/, and reading the rest as a
path under a clone of splunk/attack_data; a file missing there is downloaded from its URL, never
looked for by name (https://github.com/splunk/contentctl, contentctl/objects/config.py,
`test_data_caches` and `map_to_attack_data_cache`). Splunk's documentation says nothing of this:
it is the content tooling's behaviour, not the search language's.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from engine.detections import DataRoot, relative_path
from detections.fixtures import MEDIA, RMS_DATA, TESTING

ELSEWHERE = "datasets/attack_techniques/T1105/other/windows-sysmon.log"
ELSEWHERE_TOO = "datasets/attack_techniques/T1059/again/windows-sysmon.log"
ELSEWHERE_LABEL = "RMS Registry Data Elsewhere Test Detection:True Positive Test"


@pytest.mark.parametrize("data, expected", [
    (MEDIA + RMS_DATA, RMS_DATA),
    # security_content also links raw.githubusercontent.com: the same repository layout
    ("https://raw.githubusercontent.com/splunk/attack_data/master/datasets/a/priv_esc.log",
     "datasets/a/priv_esc.log"),
    # any other URL: its whole path after the host
    ("https://example.com/logs/day%201/sysmon.log?download=1", "logs/day 1/sysmon.log"),
    # not a URL: a path relative to the root
    ("datasets/local/sysmon.log", "datasets/local/sysmon.log"),
])
def test_the_url_path_names_the_file(data, expected):
    assert relative_path(data) == PurePosixPath(expected)


@pytest.mark.parametrize("data, why", [
    (MEDIA + "../../secret.log", "goes up a folder"),
    (MEDIA + "datasets/%2e%2e/%2e%2e/%2e%2e/secret.log", "goes up a folder"),
    ("https://example.com//etc/secret.log", "absolute path"),
    ("/etc/secret.log", "absolute path"),
    (MEDIA, "names no file"),
])
def test_paths_that_leave_the_root_are_refused(data, why):
    with pytest.raises(ValueError, match=why):
        relative_path(data)


def test_data_at_another_path_with_the_same_name_is_not_used(spl, lines, attack_data):
    # the reported bug: most attack_data files are called windows-sysmon.log, and a detection
    # whose own data is missing passed on another dataset's file of that name
    attack_data.place(ELSEWHERE)
    status, out = spl("test", "--data-root", attack_data.root,
                      TESTING / "rms_data_elsewhere.yml")
    line = lines(out)[ELSEWHERE_LABEL]
    assert line.startswith("SKIP  ")
    assert "missing " + str(attack_data.root.resolve() / "datasets/attack_techniques/T1219/"
                            "rms_not_here/windows-sysmon.log") in line
    assert status == 3  # nothing was tested


def test_match_by_name_uses_a_unique_name_and_says_so(spl, lines, attack_data):
    # rms/windows-sysmon.log (laid out by the fixture) is the one file of that name
    status, out = spl("test", "--data-root", attack_data.root, "--match-by-name",
                      TESTING / "rms_data_elsewhere.yml")
    line = lines(out)[ELSEWHERE_LABEL]
    assert line.startswith("PASS  ")
    assert "matched by name: " + str(attack_data.root.resolve() / RMS_DATA) in line
    assert status == 0


def test_match_by_name_skips_an_ambiguous_name_naming_the_candidates(spl, lines, attack_data):
    attack_data.place(ELSEWHERE)
    attack_data.place(ELSEWHERE_TOO)
    status, out = spl("test", "--data-root", attack_data.root, "--match-by-name",
                      TESTING / "rms_data_elsewhere.yml")
    line = lines(out)[ELSEWHERE_LABEL]
    assert line.startswith("SKIP  ")
    assert "ambiguous: 3 files are named windows-sysmon.log" in line
    root = attack_data.root.resolve()
    for relative in (ELSEWHERE_TOO, ELSEWHERE, RMS_DATA):  # listed in path order
        assert str(root / relative) in line
    assert status == 3


def test_match_by_name_finds_nothing_when_no_file_has_the_name(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    found = DataRoot(root, match_by_name=True).locate(MEDIA + RMS_DATA)
    assert found.path is None
    assert "no file under --data-root is named windows-sysmon.log" in found.note


@pytest.fixture
def outside(tmp_path: Path, attack_data) -> Path:
    """A good copy of the RMS log outside the data root: a test that read it would pass."""
    return attack_data.place("../outside/windows-sysmon.log")


def refused_line(spl, lines, detection, root: Path) -> str:
    """The one result line of a test whose attack data would be read from outside the root: a
    failure of the test itself (not missing data, which skips), naming the entry."""
    status, out = spl("test", "--data-root", root, "--match-by-name", detection)
    assert status == 1
    (line,) = lines(out).values()
    assert line.startswith("FAIL  ") and "refused" in line
    return line


def test_a_url_going_up_out_of_the_root_is_refused(spl, lines, detection, attack_data, outside):
    path = detection("up.yml", tests=[{"name": "t", "attack_data": [
        {"data": MEDIA + "../outside/windows-sysmon.log"}]}])
    assert "goes up a folder" in refused_line(spl, lines, path, attack_data.root)


def test_an_absolute_path_is_refused(spl, lines, detection, attack_data, outside):
    path = detection("absolute.yml", tests=[{"name": "t", "attack_data": [
        {"data": str(outside)}]}])
    assert "absolute path" in refused_line(spl, lines, path, attack_data.root)


def test_an_absolute_path_after_the_master_prefix_fails_naming_the_url(spl, lines, detection,
                                                                      attack_data, outside):
    # issue #16: `.../attack_data/master//abs/x.log` read a file outside --data-root
    url = MEDIA + str(outside)  # MEDIA ends in `/`, so the path after master/ is absolute
    path = detection("master_abs.yml", tests=[{"name": "t", "attack_data": [{"data": url}]}])
    line = refused_line(spl, lines, path, attack_data.root)
    assert f"refused {url}: " in line and "absolute path" in line


def test_a_symlink_out_of_the_root_is_refused(spl, lines, detection, attack_data, outside):
    link = attack_data.root / "datasets/linked/windows-sysmon.log"
    link.parent.mkdir(parents=True)
    os.symlink(outside, link)
    path = detection("linked.yml", tests=[{"name": "t", "attack_data": [
        {"data": MEDIA + "datasets/linked/windows-sysmon.log"}]}])
    line = refused_line(spl, lines, path, attack_data.root)
    assert f"leads to {outside.resolve()}, outside --data-root" in line


def test_a_symlinked_folder_out_of_the_root_is_refused(spl, lines, detection, attack_data,
                                                       outside):
    os.symlink(outside.parent, attack_data.root / "datasets" / "linked")
    path = detection("linked.yml", tests=[{"name": "t", "attack_data": [
        {"data": MEDIA + "datasets/linked/windows-sysmon.log"}]}])
    assert "outside --data-root" in refused_line(spl, lines, path, attack_data.root)


def test_a_name_match_never_follows_a_symlink_out_of_the_root(tmp_path, outside):
    root = tmp_path / "root"
    (root / "datasets").mkdir(parents=True)
    os.symlink(outside, root / "datasets" / "windows-sysmon.log")
    found = DataRoot(root, match_by_name=True).locate(MEDIA + "datasets/x/windows-sysmon.log")
    assert found.path is None
    assert "no file under --data-root is named windows-sysmon.log" in found.note


def test_a_symlink_inside_the_root_is_followed(spl, lines, detection, attack_data):
    link = attack_data.root / "datasets/alias/windows-sysmon.log"
    link.parent.mkdir(parents=True)
    os.symlink(attack_data.root / RMS_DATA, link)
    path = detection("alias.yml", tests=[{"name": "t", "attack_data": [
        {"data": MEDIA + "datasets/alias/windows-sysmon.log"}]}])
    status, out = spl("test", "--data-root", attack_data.root, path)
    assert status == 0
    assert lines(out)["alias:t"].startswith("PASS  ")
