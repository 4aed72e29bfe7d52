"""The eval function library, one table per group of Splunk's "Evaluation functions" reference.

Pages, under
https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/ :
comparison-and-conditional-functions, conversion-functions, cryptographic-functions,
date-and-time-functions, informational-functions, mathematical-functions,
multivalue-eval-functions, statistical-eval-functions, text-functions. Comments cite the page's
own example where a case follows one, and say "choice" where the page is silent.
"""

from datetime import datetime, timedelta, timezone

import pytest

from engine.evaluation import EvalError
from engine.expressions import evaluate
from engine.clock import CLOCK, Clock
from engine.functions import FUNCTIONS, check_calls
from spl.errors import BadArgumentError, UnknownFunctionError
from spl.parser import parse_expression

ROW = {
    "n": "5", "ten": "10", "s": "abc", "empty": "", "ip": "10.1.2.3", "ip6": "2001:db8::1",
    "mv": ("b", "a", "b", "10", "9"), "nums": ("3", "1", "2"),
    "_raw": "user=bob action=login src=10.1.2.3", "user": "bob", "action": "login",
    "json": '{"a": {"b": [1, 2, {"c": "x"}]}, "ok": true}',
    "xml": '<catalog><book id="1"><title>SPL</title></book>'
           '<book id="2"><title>Eval</title></book></catalog>',
}
# 2026-03-12 09:14:11.5 UTC, a Thursday
START = datetime(2026, 3, 12, 9, 14, 11, 500000, tzinfo=timezone.utc).timestamp()


def value(text, row=ROW):
    expr = parse_expression(text)
    check_calls(expr)
    return evaluate(expr, row)


@pytest.fixture
def clock():
    token = CLOCK.set(Clock(START))
    yield
    CLOCK.reset(token)


def epoch(*parts, tz=timezone.utc):
    return int(datetime(*parts, tzinfo=tz).timestamp())


# ---- comparison and conditional ------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ('if(n=5, "five", "other")', "five"),
    ('if(missing=5, "five", "other")', "other"),        # a null condition is not true
    ('if(n=5, "five", missing_branch)', "five"),
    ('case(n=1, "one", n=5, "five")', "five"),
    ('case(n=1, "one")', None),                          # "defaults to NULL if none are true"
    ('case(n=1, "one", true(), "other")', "other"),      # the page's true() default
    ('coalesce(missing, null(), empty, n)', ""),         # "" is a value, not null
    ('coalesce(missing, null())', None),
    ('validate(isint(n), "not an int", n>=1 AND n<=3, "out of range")', "out of range"),
    ('validate(isint(n), "not an int", n>=1 AND n<=9, "out of range")', None),
    ('validate(isint(missing), "not an int")', "not an int"),
    ("nullif(n, 5)", None),                              # equal: null
    ("nullif(n, 6)", "5"),                               # else the first value
    ("nullif(missing, 6)", None),
    ("nullif(n, missing)", "5"),
    ("null()", None),
])
def test_conditionals(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text, expected", [
    ('in(n, "4", "5")', True),
    ("in(n, 5.0)", True),               # compared as eval's = compares: numbers as numbers
    ('in(s, "ABC")', False),            # eval is case-sensitive
    ('in(s, "a*")', False),             # "cannot be used with wildcards"
    ('in(mv, "x", "a")', True),         # any value of a multivalue field
    ('in(missing, "a")', None),         # choice: null in, null out, as `missing="a"` is
    ('n IN ("4", "6")', False),         # the IN operator is the same function
    ('match(s, "^a.c$")', True),
    ('match(s, "b")', True),            # "a match against any substring"
    ('match(s, "B")', False),
    ('match(s, "(?i)B")', True),
    ('match(mv, "^1")', True),
    ('match(missing, "x")', None),
    ('like(s, "a%")', True),
    ('like(s, "_b_")', True),
    ('like(s, "b%")', False),
    ('cidrmatch("10.0.0.0/8", ip)', True),
    ('cidrmatch("192.168.0.0/16", ip)', False),
    ('cidrmatch("2001:db8::/32", ip6)', True),   # IPv6 as well
    ('cidrmatch("10.0.0.0/8", s)', False),       # not an IP address: no match
    ('cidrmatch("10.0.0.0/8", missing)', None),
    ("true()", True),
    ("false()", False),
])
def test_predicates(text, expected):
    assert value(text) is expected


@pytest.mark.parametrize("search, expected", [
    ("user=bob", True),
    ("user=BOB", True),                 # search semantics: values match case-insensitively
    ("action=log*", True),              # wildcards
    ("user=bob action=logout", False),  # implied AND
    ("user=alice OR action=login", True),
    ("login", True),                    # a bare term is looked for in _raw
    ("NOT user=bob", False),
    ("ip=10.0.0.0/8", True),            # CIDR values match by subnet, as in search
])
def test_searchmatch(search, expected):
    assert value(f'searchmatch("{search}")') is expected


# ---- conversion ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    # the page's example, joined with `.` here: "True 0xF 12,345.68"
    ('tostring(1==1) . " " . tostring(15, "hex") . " " . tostring(12345.6789, "commas")',
     "True 0xF 12,345.68"),
    ('tostring(615, "duration")', "00:10:15"),          # the page's foo=615 example
    ('tostring(90061, "duration")', "1+01:01:01"),      # choice: days as D+
    ('tostring(61.5, "duration")', "00:01:01.500000"),  # choice: six digits of fraction
    ('tostring(-3600, "duration")', "-01:00:00"),
    ('tostring(1234567, "commas")', "1,234,567"),
    ('tostring(n, "hex")', "0x5"),                      # a field's numeric text is a number
    ('tostring(s, "hex")', "abc"),                      # choice: a format leaves text as is
    ("tostring(n)", "5"),
    ("tostring(mv)", ("b", "a", "b", "10", "9")),
    ("tostring(missing)", None),
    ('tonumber("0A4", 16)', 164),                       # the page's example
    ('tonumber("1010", 2)', 10),
    ('tonumber("12.5")', 12.5),
    ("tonumber(n)", 5),
    ('tonumber(" 5" . "")', None),     # "if the value contains a leading and trailing space"
    ('tonumber(s)', None),
    ("tonumber(n, 2)", None),           # 5 is no binary number
    ("tonumber(missing)", None),
    ('ipmask("255.255.255.0", "10.20.30.120")', "10.20.30.0"),  # the conversion page's example
    ('ipmask("255.255.255.0", s)', None),
])
def test_conversion(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the page's examples
    ('printf("%c,%c",65,"Foo")', "A,F"),
    ('printf("%d,%i,%d",-2,4,30)', "-2,4,30"),
    ('printf("%.4e",exact(pi()))', "3.1416e+00"),
    ('printf("%f",pi())', "3.141593"),
    ('printf("%o",8)', "10"),
    ('printf("%s%s","foo","bar")', "foobar"),
    ('printf("%u",99)', "99"),
    ('printf("%x,%X,%p",10,10,10)', "a,A,000000000000000A"),
    ('printf("100%%")', "100%"),
    ('printf("%\'d",12345)', "12,345"),
    ('printf("%-4d|",1)', "1   |"),
    ('printf("%04d",1)', "0001"),
    ('printf("%+d",1)', "+1"),
    ('printf("% -4d|",1)', " 1  |"),
    ('printf("%#x",1)', "0x1"),
    ('printf("%4d",1)', "   1"),
    ('printf("%*d",5,3)', "    3"),
    ('printf("%.2f",1)', "1.00"),
    ('printf("%.*f",2,1)', "1.00"),
    # C's sprintf, which the page says printf follows
    ('printf("%#o",8)', "010"),
    ('printf("%.3s","gopher")', "gop"),
    ('printf("%.5d",42)', "00042"),
    ('printf("%x",-1)', "ffffffffffffffff"),
    ('printf("%\'.2f",1234567.891)', "1,234,567.89"),
    ('printf("%\'010d",1234)', "000001,234"),     # grouping comes before zero padding
    ('printf("%.3g",12345.0)', "1.23e+04"),
    ('printf("%d",3.9)', "3"),                     # choice: a fraction is truncated
    ('printf("%.3A",pi())', "0X1.922P+1"),         # the page's %A example
    # %a as C's (glibc's) sprintf prints it, checked against it
    ('printf("%a",1.5)', "0x1.8p+0"),
    ('printf("%a",0)', "0x0p+0"),
    ('printf("%.0a",1.5)', "0x2p+0"),              # rounding carries into the leading digit
    ('printf("%.1a",1.03125)', "0x1.0p+0"),        # a tie rounds to even
    ('printf("%#.0a",1)', "0x1.p+0"),              # `#` keeps the point
    ('printf("%+a",-2.5)', "-0x1.4p+1"),
    ('printf("%010a",1.5)', "0x001.8p+0"),         # zeros go after 0x
    ('printf("%.2a",255)', "0x1.fep+7"),
    ('printf("%d items",n)', "5 items"),           # numeric text is a number
    ('printf("%s-%s",s,missing)', "abc-"),         # choice: null prints as nothing for %s
    ('printf("%d",s)', None),                      # choice: not a number for %d: null
    ('printf("%s",mv)', "b"),                      # choice: the first value
    ("printf(missing)", None),
])
def test_printf(text, expected):
    assert value(text) == expected


# ---- cryptographic -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ('md5("abc")', "900150983cd24fb0d6963f7d28e17f72"),
    ('sha1("abc")', "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ('sha256("abc")', "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ('substr(sha512("abc"), 1, 16)', "ddaf35a193617aba"),
    ("md5(missing)", None),
    ('md5(n) = md5("5")', True),
])
def test_hashes(text, expected):
    assert value(text) == expected


# ---- date and time -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("now()", int(START)),              # "the time that the search was started"
    ('relative_time(now(), "-1d@d")', epoch(2026, 3, 11)),     # the page's example
    ('relative_time(now(), "@d")', epoch(2026, 3, 12)),
    ('relative_time(now(), "+2h")', int(START) + 7200),
    ('relative_time(now(), "@w0")', epoch(2026, 3, 8)),         # back to Sunday
    ('relative_time(now(), "-1mon@mon")', epoch(2026, 2, 1)),
    ('relative_time(now(), "now")', int(START)),
    ('relative_time(s, "-1d")', None),
    ('relative_time(now(), s)', None),  # a modifier read from a field that is not one: null
    ('strftime(1773306851.5, "%Y-%m-%dT%H:%M:%S.%3N")', "2026-03-12T09:14:11.500"),
    ('strftime(1773306851, "%m/%d/%Y %H:%M:%S %Z")', "03/12/2026 09:14:11 UTC"),
    ('strftime(1773306851.123456, "%6N %Q %s")', "123456 123 1773306851"),
    ('strftime(s, "%Y")', None),
    ('strptime("2018-08-13 11:22:33", "%Y-%m-%d %H:%M:%S")', epoch(2018, 8, 13, 11, 22, 33)),
    ('strptime("2018-08-13T11:22:33.250+02:00", "%Y-%m-%dT%H:%M:%S.%3N%:z")',
     epoch(2018, 8, 13, 9, 22, 33) + 0.25),
    ('strptime("Aug 13, 2018 11:22:33 PM", "%b %d, %Y %I:%M:%S %p")',
     epoch(2018, 8, 13, 23, 22, 33)),
    ('strptime("3/9/2026 7:05:01 extra", "%m/%d/%Y %H:%M:%S")', epoch(2026, 3, 9, 7, 5, 1)),
    ('strptime("1484993700", "%s")', 1484993700),
    ('strptime(s, "%Y-%m-%d")', None),
    ('strptime("2018-02-30", "%F")', None),     # no 30 February
])
def test_time(clock, text, expected):
    assert value(text) == expected


def test_time_functions_use_the_clock_zone(clock):
    plus_two = timezone(timedelta(hours=2))
    CLOCK.set(Clock(START, plus_two))
    assert value('strftime(now(), "%H:%M %z")') == "11:14 +0200"
    assert value('relative_time(now(), "@d")') == epoch(2026, 3, 12, tz=plus_two)
    assert value('strptime("2026-03-12 00:00", "%Y-%m-%d %H:%M")') == epoch(2026, 3, 11, 22)


def test_without_a_search_start_now_reads_the_wall_clock():
    assert abs(value("now()") - datetime.now(timezone.utc).timestamp()) < 5
    assert abs(value("time()") - datetime.now(timezone.utc).timestamp()) < 5


# ---- informational -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("isnull(missing)", True),
    ("isnull(empty)", False),           # an empty string is a value
    ("isnotnull(n)", True),
    ("isnum(n)", True),                 # a field's numeric text is a number
    ("isnum(s)", False),
    ("isstr(s)", True),
    ("isstr(n)", True),                 # field text is a string and a number: the page's
                                        # isstr over a field holding "NaN" is true
    ('isnum("5")', False),              # a quoted literal is a String: the page's isnum("NaN")
    ('isstr("5")', True),
    ("isstr(5)", False),
    ("isint(n)", True),
    ('isint("3.5")', False),
    ("isint(6/2)", True),
    ("isint(missing)", False),
    ("isbool(1==1)", True),
    ("isbool(n)", False),
    ('isarray("[1, 2, 3]")', True),     # the page's examples
    ("isarray(1)", False),
    ('isarray("[1, 2")', False),
    ("isarray(mv)", False),             # a multivalue field is not a JSON array
    ('isobject("{\\"a\\": 1}")', True),
    ('isobject("{cities: \\"3\\"}")', False),  # the page: an unquoted key is no JSON
    ('isobject("[1]")', False),
])
def test_type_tests(text, expected):
    assert value(text) is expected


def test_typeof():
    # the page's example: typeof(12)+typeof("string")+typeof(1==2)+typeof(badfield)
    # The page prints "NumberStringBoolInvalid"; it calls the type Boolean everywhere else
    # (isbool: "a Boolean data type"), and so does typeof here.
    assert value('typeof(12) . typeof("string") . typeof(1==2) . typeof(badfield)') \
        == "NumberStringBooleanInvalid"
    assert value("typeof(mv)") == "Multivalue"      # choice: not on the page
    assert value("typeof(n)") == "Number"           # numeric field text, as the page's _time
    assert value('typeof("5")') == "String"         # a quoted literal is a String
    assert value('typeof(lower(n))') == "String"    # so is a text function's result


# ---- mathematical --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("abs(-3)", 3),
    ("abs(n)", 5),
    ("ceiling(1.9)", 2),                # the page: n=2
    ("ceil(-1.5)", -1),
    ("floor(1.9)", 1),
    ("floor(-1.5)", -2),
    ("round(3.5)", 4),
    ("round(2.5)", 3),                  # not Python's banker's rounding
    ("round(-4.5)", -4),                # half up, as Splunk rounds (the page is silent)
    ("round(-4.51)", -5),
    ("round(3.14159, 2)", 3.14),
    ("round(1234, -2)", 1200),
    ("exact(3.14 * 2)", 6.28),
    ("exp(0)", 1),
    ("ln(1)", 0),
    ("log(100)", 2),                    # base 10 by default
    ("log(8, 2)", 3),
    ("pow(2, 10)", 1024),
    ("sqrt(9)", 3),
    ("pi()", 3.14159265359),            # "pi to 11 digits of precision"
    ("sqrt(-1)", None),                 # not a number: null
    ("ln(0)", None),
    ("log(8, 1)", None),
    ("abs(s)", None),
    ("round(missing)", None),
    ("abs(nums)", 3),                   # choice: the first value of a multivalue field
    ("round(sin(pi()/2), 6)", 1),
    ("atan2(1, 1) * 4 = pi()", False),  # pi() has 11 digits
    ("hypot(3, 4)", 5),
])
def test_math(text, expected):
    assert value(text) == expected


# ---- statistical ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ('max(1, 3, 6, 7, "foo", s)', "foo"),    # the page: strings are greater than numbers
    ('max(1, 3, 6, 7, "foo", "zaz")', "zaz"),
    ("max(1, 3, 6, 7, n)", 7),
    ('max(n, "10")', "10"),                  # a quoted "10" is a String, greater than numbers
    ('max(n, ten)', "10"),                   # field text compares as a number, not "5" > "10"
    ('min(3, 6, 7, "maria", n)', 3),         # the page: returns either 3 or the field
    ('min(n, "maria")', "5"),
    ('min("b", "a")', "a"),
    ("max(nums)", "3"),                      # every value of a multivalue field
    ("min(mv)", "9"),
    ("max(missing, 2)", 2),
    ("max(missing)", None),
])
def test_min_max(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("avg(1, 2, 3)", 2),                     # the page's example 2
    ("avg(5.0, nine)", 7),                   # example 1: a field's "9" is a number
    ("avg(5.0, nine, missing)", 7),          # an absent field is left out
    ("avg(word, 2, 3)", 2.5),                # example 4: "somedata" in a field is left out
    ('avg(1, 2, tonumber("3"))', 2),         # example 2's way round a quoted number
    ("avg(nums)", 2),                        # every value of a multivalue field
    ("avg(word)", None),                     # no number at all
])
def test_avg(text, expected):
    assert value(text, {**ROW, "nine": "9", "word": "somedata"}) == expected


def test_random():
    assert all(0 <= value("random()") <= 2**31 - 1 for _ in range(50))


# ---- multivalue ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("mvcount(mv)", 5),
    ("mvcount(n)", 1),                  # a single value counts 1
    ("mvcount(missing)", None),         # "If the field has no values, ... returns NULL"
    ("mvindex(mv, 0)", "b"),
    ("mvindex(mv, -1)", "9"),
    ("mvindex(mv, 1, 2)", ("a", "b")),  # the end is included
    ("mvindex(mv, 7)", None),
    ('mvjoin(nums, ";")', "3;1;2"),
    ('mvappend("localhost", n, missing, nums)', ("localhost", "5", "3", "1", "2")),
    ("mvappend(missing)", None),
    ("mvdedup(mv)", ("b", "a", "10", "9")),
    ('mvfind(mv, "^1\\d")', 3),         # the index of the first matching value
    ('mvfind(mv, "z")', None),
    ("mvsort(mv)", ("10", "9", "a", "b", "b")),          # lexicographic: "10" before "9"
    ("mvzip(mv, nums)", ("b,3", "a,1", "b,2")),          # comma by default; stops at the shorter
    ('mvzip(nums, nums, "=")', ("3=3", "1=1", "2=2")),
    ("mvrange(1, 11, 2)", (1, 3, 5, 7, 9)),              # the end is not included
    ("mvrange(1, 4)", (1, 2, 3)),
    ('mvrange(0, 1209600, "7d")', (0, 604800)),         # a time span step
    ("mvrange(3, 1)", None),
    ('mvfilter(match(mv, "^\\d+$"))', ("10", "9")),
    ('mvfilter(mv != "b")', ("a", "10", "9")),
    ('mvfilter(len(mv) > 5)', None),
    ('mvfilter(mv = "a")', "a"),
    ('mvmap(nums, nums * 10)', (30, 10, 20)),
    ('mvmap(mv, if(isnum(mv), null(), upper(mv)))', ("B", "A", "B")),   # nulls dropped
    ('split("a;b;;c", ";")', ("a", "b", "", "c")),
    ('split(s, "")', ("a", "b", "c")),
    ('split(missing, ",")', None),
    ('commands("search foo | stats count | sort count")', ("search", "stats", "sort")),
    ('commands("index=main \\"a|b\\" | table x")', ("search", "table")),
])
def test_multivalue(text, expected):
    assert value(text) == expected


# ---- text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ('len("splunk")', 6),
    ('len("naïve")', 5),                # characters, not bytes
    ("len(n)", 1),
    ('lower("ABC")', "abc"),
    ("upper(mv)", ("B", "A", "B", "10", "9")),  # every value
    ('trim("   ZZZZabcZZ ", " Z")', "abc"),     # the page's example
    ('ltrim("   ZZZZabcZZ ", " Z")', "abcZZ "),
    ('rtrim("   ZZZZabcZZ ", " Z")', "   ZZZZabc"),
    ('trim("\t x \t")', "x"),           # spaces and tabs by default
    ('replace("1/14/2017", "^(\\d{1,2})/(\\d{1,2})/", "\\2/\\1/")', "14/1/2017"),  # the page
    ('replace(s, "z", "y")', "abc"),
    ('substr("splunk", 1, 3)', "spl"),  # 1-based
    ('substr("splunk", -3, 3)', "unk"),  # from the end
    ('substr("splunk", 3)', "lunk"),
    ('urldecode("http%3A%2F%2Fwww.splunk.com%2Fdownload%3Fr%3Dheader")',
     "http://www.splunk.com/download?r=header"),  # the page's example
    ('urldecode("a+b%20c")', "a+b c"),  # choice: + stays
    ('spath(json, "a.b{}")', ("1", "2", '{"c":"x"}')),
    ('spath(json, "a.b{2}.c")', "x"),
    ('spath(json, "ok")', "true"),
    ('spath(json, "zz")', None),
    ('spath(xml, "catalog.book.title")', ("SPL", "Eval")),
    ('spath(xml, "catalog.book{@id}")', ("1", "2")),
    ('spath(s, "a")', None),
    ("lower(missing)", None),
])
def test_text(text, expected):
    assert value(text) == expected


# ---- binding -------------------------------------------------------------------------------------


def check(text):
    check_calls(parse_expression(text))


@pytest.mark.parametrize("text, message", [
    ("lower(s, s)", "lower() takes 1 argument(s), got 2"),
    ('if(n=1, "a")', "if() takes 3 argument(s), got 2"),
    ("in(n)", "in() takes 2 or more argument(s), got 1"),
    ("substr(s)", "substr() takes 2 to 3 argument(s), got 1"),
    ("now(1)", "now() takes 0 argument(s), got 1"),
    ('case(n=1, "a", n=2)', "case() takes pairs of condition and value"),
    ('validate(n=1)', "validate() takes 2 or more"),
    ('validate(n=1, "a", n=2)', "validate() takes pairs"),
    ('match(s, "(")', "invalid regular expression"),
    ('replace(s, "[", "x")', "invalid regular expression"),
    ('mvfind(mv, "(")', "invalid regular expression"),
    ('cidrmatch("10.0.0/8", ip)', "not a CIDR subnet"),
    ('searchmatch("user=")', "searchmatch cannot read the search"),
    ('searchmatch("foo | stats count")', "searchmatch takes search terms"),
    ('printf("%d %d", 1)', "needs 2 argument(s), got 1"),
    ('printf("%n", 1)', "unsupported conversion `%n`"),  # the page: %n is not supported
    ('printf("%*d", 1)', "needs 2 argument(s), got 1"),
    ('tostring(1, "hexa")', "unknown format `hexa`"),
    ('tonumber("abc")', "cannot read `abc`"),      # the page: a literal that isn't one: error
    ('tonumber("1", 40)', "base must be 2 to 36"),
    ('relative_time(now(), "-1x")', "unknown time unit"),
    ('mvfilter(mv = s)', "exactly one field"),
    ('mvfilter(true())', "exactly one field"),
    ('mvmap("a", 1)', "first argument must be a field"),
    ('spath(json, "a{")', "cannot read the path"),
])
def test_bind_time_errors(text, message):
    with pytest.raises(BadArgumentError) as raised:
        check(text)
    assert message in raised.value.message


def test_a_bad_literal_is_pointed_at():
    text = 'if(match(s, "("), 1, 2)'
    with pytest.raises(BadArgumentError) as raised:
        check(text)
    span = raised.value.span
    assert text[span.start:span.end] == '"("'


@pytest.mark.parametrize("text, hint", [
    ("lowr(s)", "did you mean `lower`?"),
    ("mvcnt(mv)", "did you mean `mvcount`?"),
    ("strptim(s, s)", "did you mean `strptime`?"),
])
def test_unknown_functions_get_a_did_you_mean(text, hint):
    with pytest.raises(UnknownFunctionError) as raised:
        check(text)
    assert raised.value.hint == hint


def test_dynamic_arguments_are_checked_per_row():
    row = {**ROW, "pattern": "(", "fmt": "%d %d", "spec": "-1x", "search": "user="}
    assert value("relative_time(now(), spec)", row) is None
    for text in ('match(s, pattern)', 'printf(fmt, 1)', 'searchmatch(search)'):
        with pytest.raises(EvalError):  # eval then leaves its field empty
            value(text, row)


def test_every_function_has_a_coherent_arity():
    for name, function in FUNCTIONS.items():
        assert function.min_args >= 0, name
        assert function.max_args is None or function.max_args >= function.min_args, name
