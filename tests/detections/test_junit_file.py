"""`spl test --junit FILE` and the printed results with hostile names and unwritable places
(issue #16): a control character in a detection's name used to stop the run with a traceback
(lxml refuses what XML 1.0 cannot hold) or reach the terminal as it was, and a FILE that is a
folder or in a missing folder was a traceback after every test had run. XML 1.0's characters:
https://www.w3.org/TR/xml/#charsets.
"""

from __future__ import annotations

import pytest
from lxml import etree


def test_a_control_character_in_a_name_is_written_escaped_as_valid_xml(spl, lines, detection,
                                                                       attack_data, tmp_path):
    path = detection("ctl.yml", name="bell\x07 and \x1b[2J clear")
    junit = tmp_path / "junit.xml"
    status, out = spl("test", "--data-root", attack_data.root, "--junit", junit, path)
    assert status == 0
    case = etree.parse(str(junit)).getroot().find("testcase")  # parses: valid XML
    assert case.get("name") == "bell\\x07 and \\x1b[2J clear:True Positive Test"
    # the printed line shows the escapes too, so no terminal obeys the name's escape sequence
    assert "\x1b" not in out and "\x07" not in out
    assert lines(out)["bell\\x07 and \\x1b[2J clear:True Positive Test"].startswith("PASS  ")


def test_a_control_character_in_a_message_is_escaped_too(spl, detection, attack_data, tmp_path):
    path = detection("ctl.yml", tests=[{"name": "t", "attack_data": [{"data": "x\x01.log"}]}])
    junit = tmp_path / "junit.xml"
    spl("test", "--data-root", attack_data.root, "--junit", junit, path)
    skipped = etree.parse(str(junit)).getroot().find("testcase/skipped")
    assert skipped.get("message").endswith("x\\x01.log")
    assert skipped.text.endswith("x\\x01.log")


@pytest.mark.parametrize("where, why", [
    ("folder", "is a folder"),
    ("missing/junit.xml", "does not exist"),
])
def test_an_unwritable_junit_file_is_a_usage_error_before_any_test_runs(spl, detection,
                                                                        attack_data, tmp_path,
                                                                        capsys, where, why):
    (tmp_path / "folder").mkdir()
    path = detection("good.yml")
    with pytest.raises(SystemExit) as exited:
        spl("test", "--data-root", attack_data.root, "--junit", tmp_path / where, path)
    captured = capsys.readouterr()
    assert exited.value.code == 2
    assert f"--junit {tmp_path / where}: " in captured.err and why in captured.err
    assert "PASS" not in captured.out  # checked before the tests, not after


def test_the_check_summary_escapes_control_characters_of_a_name(spl, detection):
    # a name with an escape sequence would otherwise drive the terminal (here: clear the screen)
    path = detection("ctl.yml", name="clear\x1b[2J", search="| nosuchcommand")
    status, out = spl("check", path)
    assert status == 1
    assert "\x1b" not in out
    assert f"{path}: clear\\x1b[2J" in out.splitlines()
