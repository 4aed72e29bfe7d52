"""The eval expression language (Splunk's eval reference and "Types of expressions")."""

import pytest

from engine.expressions import evaluate
from spl.parser import parse_expression

ROW = {"n": "5", "s": "abc", "path": "HKLM\\System\\Remote Manipulator System\\v4\\Options",
       "mv": ("b", "a"), "empty": ""}


def value(text, row=ROW):
    return evaluate(parse_expression(text), row)


@pytest.mark.parametrize("text, expected", [
    ("n + 1", 6),                       # + adds numbers (field text that reads as a number)
    ('s + "d"', "abcd"),                # + joins two strings
    ('s + 1', None),                    # a string and a number: no result
    ('n . 1', "51"),                    # . joins anything as text
    ("n / 0", None),                    # division by zero gives null
    ("7 / 2", 3.5),
    ("6 / 2", 3),
    ("missing + 1", None),              # null propagates
    ("-n", -5),
    ("n % 3", 2),
])
def test_arithmetic_and_concatenation(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("n = 5", True),
    ("n = 5.0", True),                  # both numbers: compared as numbers
    ('s = "ABC"', False),               # eval comparisons are case-sensitive
    ('s < "abd"', True),
    ("n > 10", False),
    ('mv = "a"', True),                 # any value of a multivalue
    ('s LIKE "a%"', True),
    ('s LIKE "_bc"', True),
    ('s LIKE "b%"', False),
    ("NOT n = 5", False),
    ("n = 5 AND s = \"abc\"", True),
    ("n = 4 OR s = \"abc\"", True),
    ("n = 5 XOR s = \"abc\"", False),
])
def test_comparisons_and_logic(text, expected):
    assert value(text) is expected


@pytest.mark.parametrize("text, expected", [
    ('if(isnull(user) OR user="","unknown",user)', "unknown"),
    ('if(isnull(empty) OR empty="","unknown",empty)', "unknown"),
    ('if(isnull(s) OR s="","unknown",s)', "abc"),
    ('case(n=4,"four",n=5,"five")', "five"),
    ('case(n=4,"four")', None),
    ("coalesce(missing, s)", "abc"),
    ('mvindex(split(path,"\\\\"),-1)', "Options"),
    ('mvindex(split(path,"\\\\"),-2)', "v4"),
    ('replace(path,"^HKLM\\\\\\\\System","HKEY_LOCAL_MACHINE\\\\System")',
     "HKEY_LOCAL_MACHINE\\System\\Remote Manipulator System\\v4\\Options"),
    ('replace("DWORD (0x00000001)","^\\w+\\s\\((.+)\\)$","\\1")', "0x00000001"),
    ('replace(path,"^.*\\\\\\\\","")', "Options"),
    ('match(path, "(?i)remote manipulator")', True),
    ("lower(mv)", ("b", "a")),
    ("mvcount(mv)", 2),
    ("mvcount(missing)", None),
    ('mvjoin(mv, ",")', "b,a"),
    ("len(s)", 3),
    ("substr(s, 2)", "bc"),
    ("substr(s, -2, 1)", "b"),
    ("tonumber(\"0x1F\", 16)", 31),
    ('tostring(1234, "commas")', "1,234"),
    ('in(s, "x", "abc")', True),
])
def test_functions(text, expected):
    assert value(text) == expected
