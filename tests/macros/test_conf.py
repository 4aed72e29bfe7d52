"""The .conf reader: Splunk's rules for stanzas, comments, continuations and repeated keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from spl.conf import ConfError, parse_conf, read_conf


def test_stanzas_and_settings_in_file_order():
    conf = parse_conf("[b]\nx = 1\n\n[a]\ny=2\nz =  three words  \n")
    assert list(conf) == ["b", "a"]
    assert conf == {"b": {"x": "1"}, "a": {"y": "2", "z": "three words"}}


def test_value_keeps_everything_after_the_first_equals_sign():
    conf = parse_conf('[s]\nEVAL-x = if(a="=", 1, 0)\n')
    assert conf["s"]["EVAL-x"] == 'if(a="=", 1, 0)'


def test_comment_lines_are_skipped_but_a_later_hash_is_part_of_the_value():
    conf = parse_conf("# top\n[s]\n  # indented comment\nkey = a # not a comment\n")
    assert conf == {"s": {"key": "a # not a comment"}}


def test_a_later_key_overrides_an_earlier_one():
    assert parse_conf("[s]\nk = 1\nk = 2\n")["s"] == {"k": "2"}


def test_a_repeated_stanza_is_merged_and_keeps_its_first_line():
    conf = parse_conf("[s]\na = 1\nb = 1\n[t]\n[s]\nb = 2\n")
    assert conf["s"] == {"a": "1", "b": "2"}
    assert conf.lines["s"] == 1


def test_a_trailing_backslash_continues_the_line_keeping_the_newline():
    conf = parse_conf("[s]\nsearch = a \\\n| b \\\n| c\nnext = 1\n")
    assert conf["s"] == {"search": "a \n| b \n| c", "next": "1"}


def test_settings_before_any_stanza_belong_to_default():
    conf = parse_conf("k = v\n[s]\nx = 1\n")
    assert conf == {"default": {"k": "v"}, "s": {"x": "1"}}


def test_stanza_names_may_hold_brackets_and_spaces():
    conf = parse_conf("[source::...\\[x\\] y]\nk = v\n[ spaced ]\n")
    assert list(conf) == ["source::...\\[x\\] y", "spaced"]


def test_line_numbers_of_stanzas_count_physical_lines():
    conf = parse_conf("# c\n\n[first]\nlong = a \\\nb \\\nc\n[second]\n", "x.conf")
    assert conf.lines == {"first": 3, "second": 7}
    assert conf.where("second") == "x.conf:7"


def test_a_line_that_is_not_a_setting_is_an_error_naming_its_line():
    with pytest.raises(ConfError, match=r"^x\.conf:3: .*`oops`"):
        parse_conf("[s]\na = 1\noops\n", "x.conf")


def test_read_conf_reads_a_file_with_a_byte_order_mark(tmp_path: Path):
    path = tmp_path / "props.conf"
    path.write_text("\ufeff[s]\r\nk = v\r\n", encoding="utf-8")
    conf = read_conf(path)
    assert conf == {"s": {"k": "v"}}
    assert conf.where("s") == f"{path}:1"


def test_an_empty_file_has_no_stanzas():
    assert parse_conf("") == {}
